import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { GpuTimelineSnapshot } from '../../src/simulator/model/gpu-timeline';
import { cliSetup, startCli, type CliRun } from '../support/cli';
import { eventually } from '../support/eventually';
import { startHarness, type Harness } from '../support/harness';
import { finishWhenUnderWay, HELD } from '../support/simulator';
import { closedRuns, MORPHEUS_GUARD_ONLY, runningVms, workflowIdOf, type ClosedRun } from '../support/reliability';

// 20 `mode switch` processes at once (one round); MORPHEUS_RELIABILITY_LONG=1 runs 3 rounds of 40.
const LONG = process.env['MORPHEUS_RELIABILITY_LONG'] === '1';
const PER_ROUND = LONG ? 40 : 20;
const ROUNDS = LONG ? 3 : 1;
const CONNECTING = 5;
const MODES = ['windowsvrstreaming', 'nimsforestnogpu', 'linuxvrstreaming', 'nimsforestsharedgpu'] as const;
const VMID: Record<string, number> = { linuxvrstreaming: 101, windowsvrstreaming: 102, nimsforestnogpu: 103, nimsforestsharedgpu: 104 };

interface Caller {
  readonly target: string;
  readonly queue: boolean;
  readonly run: CliRun;
}

/** What a caller must have been told for its exit code. */
function toldWhatHappened(c: Caller): string | undefined {
  const out = c.run.stdout;
  const expected: Record<number, RegExp> = {
    0: new RegExp(`✅ (Now in ${c.target} mode|Nothing to do: already in ${c.target} mode)`),
    3: new RegExp(`❌ Cannot switch to ${c.target}`),
    // Who switches to what comes from the run's progress query, or, when that takes over 3 s (20
    // processes on two cores), from the run's summary without its leading node name.
    5: /⏳ Another switch is in progress on pve-\w+: (switch to \w+, requested by cli:\S+|[\w, ]+ → \w+), running for \d+(\.\d)?s/,
  };
  const pattern = expected[c.run.code];
  if (!pattern) return `exit code ${c.run.code}`;
  if (c.queue && c.run.code === 5) return 'a --queue caller was told "busy" instead of waiting its turn';
  return pattern.test(out) ? undefined : `exit ${c.run.code} without ${pattern}`;
}

describe(`${PER_ROUND} concurrent mode switch commands from separate processes${LONG ? `, ${ROUNDS} rounds` : ''}`, () => {
  let h: Harness;
  const callers: Caller[] = [];
  let runs: ClosedRun[];
  let running: number[];
  let timeline: GpuTimelineSnapshot;

  // The race, played once; the tests below read what it left. The simulator's PCI guard is off, so
  // an overlap Morpheus allowed would be recorded.
  before(async () => {
    // The test ends VM 101's first shutdown itself: the timeout must not end it first.
    const switchSection = 'switch:\n  shutdown_timeout: 1h\n  start_timeout: 20s\n  network_timeout: 5s';
    h = await startHarness({ switchSection, scenario: MORPHEUS_GUARD_ONLY });
    await h.startWorker();
    const cli = cliSetup(h, { switchSection });
    // Guests that take 1.5 s to shut down keep each switch open for others to meet it; the first
    // switch (it leaves linuxvrstreaming, VM 101) is held until a caller has been told the host is busy.
    for (const vmid of [102, 103, 104]) await h.sim.control.patchVm(vmid, { behaviour: { shutdown_duration: 150 } });
    await h.sim.control.patchVm(101, { behaviour: { shutdown_duration: HELD } });
    for (let round = 0; round < ROUNDS; round++) {
      const batch = Array.from({ length: PER_ROUND }, (_, i) => ({ target: MODES[(i + round) % MODES.length]!, queue: i % 3 === 0 }));
      const ended: (CliRun | undefined)[] = [];
      const started: Promise<CliRun>[] = [];
      const release =
        round === 0
          ? (async () => {
              await eventually(() => (ended.some((r) => r?.code === 5) ? true : undefined), {
                timeoutMs: 120_000,
                what: 'a caller to be told the host is busy while the first switch is held',
              });
              await finishWhenUnderWay(h.sim.control, 101);
              await h.sim.control.patchVm(101, { behaviour: { shutdown_duration: 150 } });
            })()
          : Promise.resolve();
      // Processes start CONNECTING at a time, each wave once the one before has talked to Temporal (its
      // first line) or ended: 20 node processes connecting at once on a loaded 2-core machine would
      // outlast the CLI's 5 s connect timeout. The callers still overlap: the first switch is held.
      for (let i = 0; i < batch.length; i += CONNECTING) {
        const wave = batch.slice(i, i + CONNECTING).map((b, j) => {
          const c = startCli(cli.args('mode', 'switch', b.target, ...(b.queue ? ['--queue'] : [])), cli.env, /./);
          started.push(c.done.then((r) => (ended[i + j] = r)));
          return c;
        });
        await Promise.all(wave.map((c) => Promise.race([c.ready, c.done]).catch(() => undefined)));
      }
      await release;
      const results = await Promise.all(started);
      batch.forEach((b, i) => callers.push({ ...b, run: results[i]! }));
    }
    runs = await closedRuns(h, workflowIdOf(h));
    [running, timeline] = await Promise.all([runningVms(h), h.sim.control.gpuTimeline()]);
  });
  after(async () => {
    const codes = callers.reduce<Record<number, number>>((n, c) => ({ ...n, [c.run.code]: (n[c.run.code] ?? 0) + 1 }), {});
    const summary = runs ? `${runs.length} (${runs.map((r) => `${r.target} ${r.status.toLowerCase()}`).join(', ')})` : 'unknown';
    console.log(`races-concurrent-cli: ${callers.length} callers, exit codes ${JSON.stringify(codes)}, workflow runs ${summary}`);
    await h?.close();
  });

  it('tells every caller what happened: switched, nothing to do, refused or busy', () => {
    const problems = callers.flatMap((c, i) => {
      const why = toldWhatHappened(c);
      return why ? [`#${i} switch ${c.target}${c.queue ? ' --queue' : ''}: ${why}\n${c.run.stdout}${c.run.stderr}`] : [];
    });
    assert.deepEqual(problems, []);
    assert.ok(
      callers.some((c) => c.run.code === 5),
      'no caller met a busy host: the test did not race',
    );
  });

  it('ran at most one transition at a time: no two runs of the host workflow overlap', () => {
    assert.ok(runs.length >= 2, `only ${runs.length} runs`);
    for (let i = 1; i < runs.length; i++) {
      const [a, b] = [runs[i - 1]!, runs[i]!];
      assert.ok(
        a.closeTime.getTime() <= b.startTime.getTime(),
        `run ${b.runId} started at ${b.startTime.toISOString()} before run ${a.runId} closed at ${a.closeTime.toISOString()}`,
      );
    }
  });

  it('told "done" only after a run to that mode completed, and ran nothing no caller was told about', () => {
    const completed = new Set(runs.filter((r) => r.status === 'COMPLETED').map((r) => r.target));
    const untrue = callers.filter((c) => c.run.code === 0 && !completed.has(c.target)).map((c) => `told "done" for ${c.target}`);
    assert.deepEqual(untrue, [], `completed runs: ${[...completed].join(', ')}`);
    // Every run was started by a caller that then heard its end (callers attaching to a run share it):
    // there are no more runs than callers told "done" or "refused".
    const told = callers.filter((c) => c.run.code === 0 || c.run.code === 3).length;
    assert.ok(runs.length <= told, `${runs.length} runs for ${told} callers told "done" or "refused"`);
  });

  it('ends in one of the requested modes, the one the last run switched to', () => {
    const last = [...runs].reverse().find((r) => r.status === 'COMPLETED');
    assert.ok(last, 'no run completed');
    assert.equal(running.length, 1, `running: ${running.join(', ')}`);
    assert.deepEqual(running, [VMID[last.target]]);
  });

  it('never had two GPU holders at once, with only its own guard to prevent it', () => {
    assert.deepEqual(timeline.overlaps, []);
  });
});
