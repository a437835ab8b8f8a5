import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { ProxmoxAuthError } from '../../src/proxmox/errors';
import { seededRandom } from '../../src/shared/seeded-random';
import { SWITCH_WORKFLOW_TYPE, switchWorkflowId, type SwitchInput } from '../../src/workflows/contract';
import { CrashFixture } from '../support/crash-fixture';
import { LONG, SEED, recordFigures } from '../support/crash-figures';

// The mixed soak: randomized rounds, each a switch to a random mode from a random start, under random
// Proxmox faults, with rival requesters racing for the host's workflow id, and sometimes a kill -9 of
// the worker mid-switch. Whatever happens, no two GPU holders may ever run at once, every run must
// close, a completed switch must leave its target the only managed mode running, and the token secret
// must appear in no history and no worker log. CI: 6 rounds; MORPHEUS_RELIABILITY_LONG=1 makes 200, MORPHEUS_SOAK_RUNS=N any number.
const RUNS = Number(process.env['MORPHEUS_SOAK_RUNS'] ?? (LONG ? 200 : 6));
const MODES = ['linuxvrstreaming', 'windowsvrstreaming', 'nimsforestnogpu', 'nimsforestsharedgpu'] as const;
const VMID: Record<string, number> = { linuxvrstreaming: 101, windowsvrstreaming: 102, nimsforestnogpu: 103, nimsforestsharedgpu: 104 };

describe('the mixed soak: kills, faults and rival requesters', () => {
  let f: CrashFixture;
  const random = seededRandom(SEED * 7 + 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const figures = { runs: 0, kills: 0, completed: 0, failed: {} as Record<string, number>, busy: 0, injected: { errors: 0, drops: 0, malformed: 0 }, overlaps: 0, refusals: 0, secretsFound: 0, longestAuthErrorMs: 0 };

  before(async () => {
    f = await CrashFixture.start();
  });
  after(async () => {
    const line = `soak: ${figures.runs} runs, ${figures.kills} worker kills, injected ${figures.injected.errors} errors / ${figures.injected.drops} drops / ${figures.injected.malformed} malformed, ${figures.completed} switches completed, failed ${JSON.stringify(figures.failed)}, ${figures.busy} rival requests refused as busy, ${figures.overlaps} GPU overlaps, ${figures.refusals} PCI refusals, ${figures.secretsFound} secrets found, longest auth error ${(figures.longestAuthErrorMs / 1000).toFixed(2)} s [seed ${SEED}]`;
    console.log(`# ${line}`);
    recordFigures('soak', figures);
    await f.close();
  });

  it(`keeps every promise over ${RUNS} randomized rounds`, async () => {
    for (let round = 0; round < RUNS; round++) {
      const from = pick([101, 103] as const);
      const target = pick(MODES);
      await f.resetHost({ from, guests: { [from]: { behaviour: { shutdown_duration: random() * 2, ignores_acpi: random() < 0.2 } } } });
      await f.ensureWorker();
      await f.sim.control.setFaults({ error_rate: random() * 0.3, drop_rate: random() * 0.2, latency_ms: Math.floor(random() * 30) });
      const input = (t: string): SwitchInput => ({ action: 'switch', target: t, force: random() < 0.3, requestedBy: `soak:${round}` });
      const start = (t: string) => f.client.workflow.start(SWITCH_WORKFLOW_TYPE, { workflowId: switchWorkflowId(f.node), taskQueue: f.taskQueue, args: [input(t)], workflowIdConflictPolicy: 'FAIL' });
      const targets = [target, ...Array.from({ length: Math.floor(random() * 3) }, () => pick(MODES))];
      const attempts = await Promise.allSettled(targets.map(start));
      const winners = attempts.flatMap((a, i) => (a.status === 'fulfilled' ? [{ handle: a.value, target: targets[i]! }] : []));
      figures.busy += attempts.filter((a) => a.status === 'rejected' && a.reason instanceof WorkflowExecutionAlreadyStartedError).length;
      assert.equal(winners.length, 1, `round ${round}: exactly one of the rival requests starts a switch`);
      const won = winners[0]!;
      f.handles.push(won.handle);
      if (random() < 0.25) {
        await sleep(random() * 2_500);
        await f.restartWorker();
        figures.kills++;
      }
      await f.sim.control.setFaults({});
      await settle(round, won.handle, won.target);
    }
  });

  it('names a bad token within seconds, every time', async () => {
    for (let i = 0; i < 3; i++) {
      const began = Date.now();
      await assert.rejects(f.sim.client({ tokenSecret: 'not-the-secret' }).version(), ProxmoxAuthError);
      figures.longestAuthErrorMs = Math.max(figures.longestAuthErrorMs, Date.now() - began);
    }
    assert.ok(figures.longestAuthErrorMs < 10_000);
  });

  /** Waits for the round's run, then checks the host and the run against every promise. */
  async function settle(round: number, handle: WorkflowHandle, target: string): Promise<void> {
    figures.runs++;
    let outcome = 'unknown';
    try {
      outcome = ((await handle.result()) as { outcome: string }).outcome;
      figures.completed++;
    } catch (err) {
      assert.ok(err instanceof WorkflowFailedError, `round ${round}: the run closes with a typed failure, not ${String(err)}`);
      const type = (err.cause as { type?: string } | undefined)?.type ?? 'unknown';
      figures.failed[type] = (figures.failed[type] ?? 0) + 1;
    }
    const [state, timeline, requests] = await Promise.all([f.sim.control.state(), f.sim.control.gpuTimeline(), f.sim.control.requests()]);
    figures.overlaps += timeline.overlaps.length;
    figures.refusals += timeline.refusals.length;
    for (const k of ['errors', 'drops', 'malformed'] as const) figures.injected[k] += requests.injected[k];
    assert.deepEqual(timeline.overlaps, [], `round ${round}: two GPU holders ran at once`);
    if (outcome === 'switched' || outcome === 'noop') {
      const managed = state.vms.filter((v) => Object.values(VMID).includes(v.vmid) && v.status !== 'stopped');
      assert.deepEqual(managed.map((v) => v.vmid), [VMID[target]], `round ${round}: after a completed switch to ${target} it is the only managed mode running`);
    }
    const history = historyToJSON(await handle.fetchHistory());
    const leaked = [history, f.worker?.output() ?? ''].filter((text) => text.includes(f.sim.token.secret)).length;
    figures.secretsFound += leaked;
    assert.equal(leaked, 0, `round ${round}: the token secret appeared in a history or the worker log`);
  }
});
