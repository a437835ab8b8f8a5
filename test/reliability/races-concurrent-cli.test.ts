import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cliSetup, runCli, type CliRun } from '../support/cli';
import { startHarness, type Harness } from '../support/harness';
import { closedRuns, runningVms, workflowIdOf } from '../support/reliability';

// 20 `mode switch` processes at once (one round); MORPHEUS_RELIABILITY_LONG=1 runs 3 rounds of 40.
const LONG = process.env['MORPHEUS_RELIABILITY_LONG'] === '1';
const PER_ROUND = LONG ? 40 : 20;
const ROUNDS = LONG ? 3 : 1;
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
    5: /⏳ Another switch is in progress on pve-\w+: (switch to \w+, requested by cli:\S+|[\w, ]+ → \w+), running for \d+s/,
  };
  const pattern = expected[c.run.code];
  if (!pattern) return `exit code ${c.run.code}`;
  if (c.queue && c.run.code === 5) return 'a --queue caller was told "busy" instead of waiting its turn';
  return pattern.test(out) ? undefined : `exit ${c.run.code} without ${pattern}`;
}

describe(`${PER_ROUND} concurrent mode switch commands from separate processes${LONG ? `, ${ROUNDS} rounds` : ''}`, () => {
  let h: Harness;
  let cli: ReturnType<typeof cliSetup>;
  const callers: Caller[] = [];
  let runSummary = '';
  before(async () => {
    h = await startHarness();
    await h.startWorker();
    cli = cliSetup(h);
    // Guests that take 1.5 s to shut down keep each switch open long enough for the others to meet it.
    for (const vmid of [101, 102, 103, 104]) await h.sim.control.patchVm(vmid, { behaviour: { shutdown_duration: 150 } });
  });
  after(async () => {
    const codes = callers.reduce<Record<number, number>>((n, c) => ({ ...n, [c.run.code]: (n[c.run.code] ?? 0) + 1 }), {});
    console.log(`races-concurrent-cli: ${callers.length} callers, exit codes ${JSON.stringify(codes)}, workflow runs ${runSummary}`);
    await h.close();
  });

  it('tells every caller what happened: switched, nothing to do, refused or busy', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const batch = Array.from({ length: PER_ROUND }, (_, i) => ({ target: MODES[(i + round) % MODES.length]!, queue: i % 3 === 0 }));
      const runs = await Promise.all(
        batch.map((b) => runCli(cli.args('mode', 'switch', b.target, ...(b.queue ? ['--queue'] : [])), cli.env, 300_000)),
      );
      batch.forEach((b, i) => callers.push({ ...b, run: runs[i]! }));
    }
    const problems = callers.flatMap((c, i) => {
      const why = toldWhatHappened(c);
      return why ? [`#${i} switch ${c.target}${c.queue ? ' --queue' : ''}: ${why}\n${c.run.stdout}${c.run.stderr}`] : [];
    });
    assert.deepEqual(problems, []);
    assert.ok(callers.some((c) => c.run.code === 5), 'no caller met a busy host: the test did not race');
  });

  it('ran at most one transition at a time: no two runs of the host workflow overlap', async () => {
    const runs = await closedRuns(h, workflowIdOf(h));
    runSummary = `${runs.length} (${runs.map((r) => `${r.target} ${r.status.toLowerCase()}`).join(', ')})`;
    assert.ok(runs.length >= 2, `only ${runs.length} runs`);
    for (let i = 1; i < runs.length; i++) {
      const [a, b] = [runs[i - 1]!, runs[i]!];
      assert.ok(a.closeTime.getTime() <= b.startTime.getTime(), `run ${b.runId} started at ${b.startTime.toISOString()} before run ${a.runId} closed at ${a.closeTime.toISOString()}`);
    }
    // Every caller that was told "done" saw a run that really switched or found nothing to do.
    const succeeded = callers.filter((c) => c.run.code === 0).length;
    assert.ok(runs.length <= succeeded + callers.filter((c) => c.run.code === 3).length, `${runs.length} runs for ${succeeded} successful callers`);
  });

  it('ends in one of the requested modes, the one the last run switched to', async () => {
    const runs = await closedRuns(h, workflowIdOf(h));
    const last = [...runs].reverse().find((r) => r.status === 'COMPLETED');
    assert.ok(last, 'no run completed');
    const running = await runningVms(h);
    assert.equal(running.length, 1, `running: ${running.join(', ')}`);
    assert.ok(Object.values(VMID).includes(running[0]!));
    assert.deepEqual(running, [VMID[last.target]]);
  });

  it('never had two GPU holders at once, and Proxmox never had to refuse a start', async () => {
    const timeline = await h.sim.control.gpuTimeline();
    assert.deepEqual(timeline.overlaps, []);
    assert.deepEqual(timeline.refusals, []);
  });
});
