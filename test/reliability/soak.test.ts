import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { seededRandom } from '../../src/shared/seeded-random';
import { FailureType } from '../../src/shared/failure-types';
import { SWITCH_WORKFLOW_TYPE, switchWorkflowId, type SwitchFailureDetails, type SwitchInput, type SwitchResult } from '../../src/contract/switch';
import { CrashFixture } from '../support/crash-fixture';
import { LONG, SEED, recordFigures } from '../support/crash-figures';

// The mixed soak: randomized rounds, each a switch to a random mode from a random start, under random
// Proxmox faults, with rival requesters racing for the host's workflow id, and sometimes a kill -9 of
// the worker mid-switch (at a random moment: the soak explores, the crash tests hold their points).
// The simulator's PCI guard is off, so Morpheus's is the only one. Whatever happens: no two GPU holders
// ever run at once, every run closes, no VM is started twice, a completed switch leaves its target the
// only managed mode running after exactly one start, a refused or failed one leaves the host as its
// outcome promises (a target made to fail its start is rolled back), and the token secret appears in
// no history and no worker log. At least MIN_SETTLED of the rounds must end as planned (switched,
// no-op, refused, or rolled back after the failed start), so a soak in which everything fails cannot pass. CI: 6 rounds; MORPHEUS_RELIABILITY_LONG=1 makes 200, MORPHEUS_SOAK_RUNS=N any number.
const RUNS = Number(process.env['MORPHEUS_SOAK_RUNS'] ?? (LONG ? 200 : 6));
const MIN_SETTLED = Math.ceil(RUNS * 0.6);
const MODES = ['linuxvrstreaming', 'windowsvrstreaming', 'nimsforestnogpu', 'nimsforestsharedgpu'] as const;
const VMID: Record<string, number> = { linuxvrstreaming: 101, windowsvrstreaming: 102, nimsforestnogpu: 103, nimsforestsharedgpu: 104 };
const MANAGED = new Set(Object.values(VMID));

type Outcome = { kind: 'completed'; result: SwitchResult } | { kind: 'refused' } | { kind: 'failed'; type: string; details: SwitchFailureDetails | undefined };

describe('the mixed soak: kills, faults and rival requesters', () => {
  let f: CrashFixture;
  const random = seededRandom(SEED * 7 + 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const figures = {
    runs: 0,
    kills: 0,
    switched: 0,
    noop: 0,
    refused: 0,
    failed: {} as Record<string, number>,
    rolledBack: 0,
    busy: 0,
    injected: { errors: 0, drops: 0, malformed: 0 },
    overlaps: 0,
    secretsFound: 0,
  };

  before(async () => {
    f = await CrashFixture.start();
  });
  after(async () => {
    const line = `soak: ${figures.runs} runs, ${figures.kills} worker kills, injected ${figures.injected.errors} errors / ${figures.injected.drops} drops / ${figures.injected.malformed} malformed, ${figures.switched} switched, ${figures.noop} no-ops, ${figures.refused} refused, ${figures.rolledBack} rolled back after a failed start, failed ${JSON.stringify(figures.failed)}, ${figures.busy} rival requests refused as busy, ${figures.overlaps} GPU overlaps, ${figures.secretsFound} secrets found [seed ${SEED}]`;
    console.log(`# ${line}`);
    recordFigures('soak', figures);
    await f?.close();
  });

  it(`keeps every promise over ${RUNS} randomized rounds, at least ${MIN_SETTLED} of them ending as planned`, async () => {
    for (let round = 0; round < RUNS; round++) {
      const from = pick([101, 103] as const);
      const target = pick(MODES);
      // Sometimes the target fails to start: the switch must roll back.
      const failsToStart = VMID[target] !== from && random() < 0.15;
      await f.resetHost({
        from,
        guests: {
          [from]: { behaviour: { shutdown_duration: random() * 2, ignores_acpi: random() < 0.2 } },
          ...(failsToStart && { [VMID[target]!]: { behaviour: { start_fails: 'start failed: QEMU exited with code 1' } } }),
        },
      });
      await f.ensureWorker();
      await f.sim.control.setFaults({ error_rate: random() * 0.3, drop_rate: random() * 0.2, latency_ms: Math.floor(random() * 30) });
      const input = (t: string): SwitchInput => ({ action: 'switch', target: t, force: random() < 0.3, requestedBy: `soak:${round}` });
      const start = (t: string) =>
        f.client.workflow.start(SWITCH_WORKFLOW_TYPE, {
          workflowId: switchWorkflowId(f.node),
          taskQueue: f.taskQueue,
          args: [input(t)],
          workflowIdConflictPolicy: 'FAIL',
        });
      const targets = [target, ...Array.from({ length: Math.floor(random() * 3) }, () => pick(MODES))];
      const attempts = await Promise.allSettled(targets.map(start));
      const winners = attempts.flatMap((a, i) => (a.status === 'fulfilled' ? [{ handle: a.value, target: targets[i]! }] : []));
      figures.busy += attempts.filter((a) => a.status === 'rejected' && a.reason instanceof WorkflowExecutionAlreadyStartedError).length;
      assert.equal(winners.length, 1, `round ${round}: exactly one of the rival requests starts a switch`);
      const won = winners[0]!;
      f.handles.push(won.handle);
      if (random() < 0.25) {
        // A kill at a random moment of the switch (or after it): what the soak explores.
        await sleep(random() * 2_500);
        await f.restartWorker();
        figures.kills++;
      }
      await settle(round, won.handle, won.target, from, failsToStart && won.target === target);
    }
    const settled = figures.switched + figures.noop + figures.refused + figures.rolledBack;
    assert.ok(settled >= MIN_SETTLED, `only ${settled} of ${RUNS} rounds ended as planned; failed: ${JSON.stringify(figures.failed)}`);
  });

  /** Waits for the round's run, then checks the host and the run against every promise. */
  async function settle(round: number, handle: WorkflowHandle, target: string, from: number, failsToStart: boolean): Promise<void> {
    figures.runs++;
    const outcome = await outcomeOf(round, handle);
    // The faults lasted the whole switch; the checks read the simulator's own state, never faulted.
    await f.sim.control.setFaults({});
    const [state, timeline, requests, tasks] = await Promise.all([
      f.sim.control.state(),
      f.sim.control.gpuTimeline(),
      f.sim.control.requests(),
      f.sim.control.tasks(),
    ]);
    figures.overlaps += timeline.overlaps.length;
    for (const k of ['errors', 'drops', 'malformed'] as const) figures.injected[k] += requests.injected[k];
    const at = `round ${round} (${from} → ${target}${failsToStart ? ', which fails to start' : ''}, ${outcome.kind === 'failed' ? `failed: ${outcome.type}` : outcome.kind === 'completed' ? outcome.result.outcome : 'refused'})`;
    assert.deepEqual(timeline.overlaps, [], `${at}: two GPU holders ran at once`);

    // The simulator's own record of what took effect: start tasks that brought a VM up.
    const started = tasks.filter((t) => t.type === 'qmstart' && t.exitstatus === 'OK').map((t) => t.vmid);
    assert.equal(new Set(started).size, started.length, `${at}: a VM was started twice: ${started.join(', ')}`);
    const managedRunning = state.vms.filter((v) => MANAGED.has(v.vmid) && v.status !== 'stopped').map((v) => v.vmid);
    if (outcome.kind === 'completed') {
      assert.deepEqual(managedRunning, [VMID[target]], `${at}: after a completed switch to ${target} it is the only managed mode running`);
      assert.deepEqual(
        started,
        outcome.result.outcome === 'switched' ? [VMID[target]] : [],
        `${at}: exactly one start, of the target, per switch (none for a no-op)`,
      );
    } else if (outcome.kind === 'refused') {
      assert.deepEqual(managedRunning, [from], `${at}: a refused switch changes nothing`);
      assert.deepEqual(tasks, [], `${at}: a refused switch sends Proxmox no task`);
    } else {
      const restored = outcome.details?.rollback;
      if (restored && !restored.error && restored.restored.length > 0) {
        if (failsToStart) figures.rolledBack++;
        // The rollback's promise: the modes it stopped run again, and the target does not.
        assert.deepEqual(managedRunning, restored.restored.map((m) => VMID[m]).sort(), `${at}: after a rollback the restored modes run, and only they`);
      } else if (!restored) {
        // Failed before anything was started, or with the target already up: nothing else started.
        assert.ok(
          started.every((vmid) => vmid === VMID[target]),
          `${at}: a failed switch without rollback started ${started.join(', ')}`,
        );
      }
    }

    const history = historyToJSON(await handle.fetchHistory());
    const leaked = [history, f.worker?.output() ?? ''].filter((text) => text.includes(f.sim.token.secret)).length;
    figures.secretsFound += leaked;
    assert.equal(leaked, 0, `${at}: the token secret appeared in a history or the worker log`);
  }

  async function outcomeOf(round: number, handle: WorkflowHandle): Promise<Outcome> {
    try {
      const result = (await handle.result()) as SwitchResult;
      figures[result.outcome === 'noop' ? 'noop' : 'switched']++;
      return { kind: 'completed', result };
    } catch (err) {
      assert.ok(err instanceof WorkflowFailedError, `round ${round}: the run closes with a typed failure, not ${String(err)}`);
      const cause = err.cause as { type?: string; details?: unknown[] } | undefined;
      if (cause?.type === FailureType.refused) {
        figures.refused++;
        return { kind: 'refused' };
      }
      const details = cause?.details?.[0] as SwitchFailureDetails | undefined;
      const type = details?.causeType ?? cause?.type ?? 'unknown';
      figures.failed[type] = (figures.failed[type] ?? 0) + 1;
      return { kind: 'failed', type, details };
    }
  }
});
