import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { ScheduleSchema, type ScheduleConfig } from '../../../src/config/schedules-schema';
import { SCHEDULED_WORKFLOW_TYPE, type ScheduledSwitchInput, type ScheduledSwitchResult } from '../../../src/contract/scheduled';
import { firesOf } from '../../../src/schedules/schedule-store';
import { DEFAULT_SCENARIO } from '../../../src/simulator/default-scenario';
import { scheduleIdOf, scheduleOptions } from '../../../src/schedules/temporal-schedule';
import { SWITCH_WORKFLOW_TYPE, switchWorkflowId, type SwitchInput } from '../../../src/contract/switch';
import { modeHistory } from '../../../src/cli/commands/mode-history';
import { eventually } from '../../support/eventually';
import { describeHarness, startHarness, type Harness } from '../../support/harness';
import { closedRuns, pendingWhen, runningVms } from '../../support/reliability';
import { finishWhenUnderWay } from '../../support/simulator';

// The test ends VM 101's shutdown itself (finish-now): a switch away from it holds at shutdownAndWait for
// as long as the test needs, however busy the machine, and the shutdown timer never decides.
const SWITCH = 'switch:\n  shutdown_timeout: 1h\n  start_timeout: 20s\n  network_timeout: 5s';

// The config's schedules must name its modes.

/** A schedule definition as the config's schema makes it, with the schema's defaults. */
const def = (yaml: string): ScheduleConfig => ScheduleSchema.parse(parseYaml(yaml));

/** Creates a schedule on the real dev server, fires it now, and returns the result of that fire. */
async function fire(h: Harness, name: string, d: ScheduleConfig): Promise<ScheduledSwitchResult> {
  const node = h.config.proxmox.node;
  await h.client.schedule.create(scheduleOptions({ node, taskQueue: h.config.temporal.task_queue, name, def: d, managedBy: 'cli' }));
  await h.client.schedule.getHandle(scheduleIdOf(node, name)).trigger('ALLOW_ALL');
  const [started] = await eventually(
    async () => {
      const fires = await firesOf(h.client, scheduleIdOf(node, name), 1);
      return fires.length > 0 ? fires : undefined;
    },
    { what: `a fire of ${name}` },
  );
  return h.client.workflow.getHandle(started!.workflowId, started!.runId).result() as Promise<ScheduledSwitchResult>;
}

/** Starts a switch the way the CLI does (the host's id), held at VM 101's shutdown until `finishNow(101)`. */
async function heldSwitch(h: Harness, target: string): Promise<string> {
  await h.sim.control.patchVm(101, { behaviour: { shutdown_duration: 36_000 } });
  const input: SwitchInput = { action: 'switch', target, force: false, requestedBy: 'cli:test@host' };
  const handle = await h.client.workflow.start(SWITCH_WORKFLOW_TYPE, {
    workflowId: switchWorkflowId(h.config.proxmox.node),
    taskQueue: h.config.temporal.task_queue,
    args: [input],
  });
  await pendingWhen(h, (a) => a.type === 'shutdownAndWait');
  return handle.firstExecutionRunId;
}

/** Waits until the schedule's fire waits on the running switch (its awaitSwitchEnd activity is pending). */
async function fireWaits(h: Harness, name: string): Promise<void> {
  await eventually(
    async () => {
      const [f] = await firesOf(h.client, scheduleIdOf(h.config.proxmox.node, name), 1);
      if (!f) return undefined;
      const d = await h.client.workflow.getHandle(f.workflowId, f.runId).describe();
      return d.raw.pendingActivities?.some((a) => a.activityType?.name === 'awaitSwitchEnd') ? true : undefined;
    },
    { what: `the fire of ${name} waiting for the running switch` },
  );
}

/** Ends whatever an earlier test left running and starts again from the seed's host (VM 101 running). */
async function freshHost(h: Harness): Promise<void> {
  const handle = h.client.workflow.getHandle(switchWorkflowId(h.config.proxmox.node));
  if ((await handle.describe().catch(() => undefined))?.status.name === 'RUNNING') await handle.terminate('the previous test left it running');
  await h.sim.control.reset({ ...DEFAULT_SCENARIO, node: h.config.proxmox.node, time_scale: 0.01 });
}

describe('a scheduled fire while another switch runs', () => {
  const t = describeHarness({ switchSection: SWITCH });
  let h: Harness;
  beforeEach(async () => {
    h = t.h;
    await freshHost(h);
  });

  it('attaches to a running switch with the same target instead of starting a second one', async () => {
    const runId = await heldSwitch(h, 'windowsvrstreaming');
    const result = fire(h, 'same-target', def('{ mode: windowsvrstreaming, cron: "0 19 * * FRI" }'));
    await fireWaits(h, 'same-target');
    await finishWhenUnderWay(h.sim.control, 101);
    await h.sim.control.patchVm(101, { behaviour: { shutdown_duration: 8 } });
    const r = await result;
    assert.deepEqual({ outcome: r.outcome, attached: r.attached, runId: r.switchRun?.runId }, { outcome: 'switched', attached: true, runId });
    const runs = await closedRuns(h, switchWorkflowId(h.config.proxmox.node));
    assert.deepEqual(
      runs.map((x) => x.runId),
      [runId],
    );
    assert.deepEqual(await runningVms(h), [102]);
  });

  it('waits for a running switch to another target to end, then runs its own under the host id', async () => {
    const first = await heldSwitch(h, 'windowsvrstreaming');
    const result = fire(h, 'other-target', def('{ mode: nimsforestnogpu, cron: "0 6 * * MON" }'));
    await fireWaits(h, 'other-target');
    await finishWhenUnderWay(h.sim.control, 101);
    await h.sim.control.patchVm(101, { behaviour: { shutdown_duration: 8 } });
    const r = await result;
    assert.equal(r.outcome, 'switched');
    assert.equal(r.attached, false);
    assert.notEqual(r.switchRun?.runId, first);
    const runs = await closedRuns(h, switchWorkflowId(h.config.proxmox.node));
    assert.deepEqual(
      runs.slice(-2).map((x) => [x.runId, x.target]),
      [
        [first, 'windowsvrstreaming'],
        [r.switchRun!.runId, 'nimsforestnogpu'],
      ],
    );
    assert.deepEqual(await runningVms(h), [103]);
  });
});

describe('a scheduled fire that cannot run in time', () => {
  let h: Harness;
  let r: ScheduledSwitchResult;
  let runId: string;
  before(async () => {
    h = await startHarness({ switchSection: SWITCH });
    await h.startWorker();
    runId = await heldSwitch(h, 'windowsvrstreaming');
    r = await fire(h, 'impatient', def('{ mode: nimsforestnogpu, cron: "@daily", max_wait: 1s }'));
    await finishWhenUnderWay(h.sim.control, 101);
  });
  after(() => h?.close());

  it('is skipped after its max wait, with the reason, and never starts a switch', async () => {
    assert.equal(r.outcome, 'skipped');
    assert.match(r.reason ?? '', /^a switch to windowsvrstreaming \(requested by cli:test@host\) was still running after waiting 1s$/);
    assert.equal(r.switchRun, undefined);
    const runs = await closedRuns(h, switchWorkflowId(h.config.proxmox.node));
    assert.deepEqual(
      runs.map((x) => x.runId),
      [runId],
    );
  });

  it('shows in mode history as skipped, requested by the schedule', async () => {
    const entry = await eventually(
      async () =>
        (await modeHistory({ client: h.client, node: h.config.proxmox.node, now: () => new Date() }, {})).entries.find((e) => e.outcome === 'skipped'),
      {
        what: 'the skipped fire in mode history',
      },
    );
    assert.equal(entry.requestedBy, 'schedule:impatient');
    assert.equal(entry.to, 'nimsforestnogpu');
    assert.match(entry.memo.reason ?? '', /still running after waiting 1s/);
  });
});

describe('scheduled fires on an idle host', () => {
  const t = describeHarness({ switchSection: SWITCH });
  let h: Harness;
  beforeEach(async () => {
    h = t.h;
    await freshHost(h);
  });

  it('records a fire whose target is already current as a no-op', async () => {
    const r = await fire(h, 'already', def('{ mode: linuxvrstreaming, cron: "@daily" }'));
    assert.deepEqual({ outcome: r.outcome, reason: r.reason }, { outcome: 'noop', reason: 'already in linuxvrstreaming mode' });
    assert.deepEqual(await runningVms(h), [101]);
  });

  it('never overrides conflicts_with without --force: the refusal is recorded once, not retried', async () => {
    const r = await fire(h, 'compute', def('{ mode: nimsforestsharedgpu, cron: "@daily" }'));
    assert.equal(r.outcome, 'refused');
    assert.match(r.reason ?? '', /^Cannot switch to nimsforestsharedgpu: Conflicts with: linuxvrstreaming \(running\)/);
    const node = h.config.proxmox.node;
    const refused = (await closedRuns(h, switchWorkflowId(node))).filter((x) => x.target === 'nimsforestsharedgpu');
    assert.deepEqual(
      refused.map((x) => x.status),
      ['FAILED'],
    );
    const [wrapper] = await firesOf(h.client, scheduleIdOf(node, 'compute'), 5);
    assert.equal(wrapper!.status, 'COMPLETED');
    assert.deepEqual(await runningVms(h), [101]);
  });

  it('overrides it when the schedule was made with --force', async () => {
    const r = await fire(h, 'compute-forced', def('{ mode: nimsforestsharedgpu, cron: "@daily", force: true }'));
    assert.equal(r.outcome, 'switched');
    assert.deepEqual(await runningVms(h), [104]);
  });
});

describe('a fire that reaches a worker after its catch-up window', () => {
  let h: Harness;
  let r: ScheduledSwitchResult;
  before(async () => {
    h = await startHarness({ switchSection: SWITCH });
    // No worker: the fire waits in the task queue, as when the worker's box was down at 19:00.
    const input: ScheduledSwitchInput = {
      node: h.config.proxmox.node,
      schedule: 'late',
      action: 'switch',
      target: 'windowsvrstreaming',
      force: false,
      maxWaitMs: 60_000,
      catchupWindowMs: 300,
    };
    const handle = await h.client.workflow.start(SCHEDULED_WORKFLOW_TYPE, {
      workflowId: `morpheus-scheduled.${input.node}.late-2026-12-04T18:00:00Z`,
      taskQueue: h.config.temporal.task_queue,
      args: [input],
    });
    const started = (await handle.describe()).startTime.getTime();
    await eventually(() => (Date.now() - started > 600 ? true : undefined), { what: 'the catch-up window to pass' });
    await h.startWorker();
    r = (await handle.result()) as ScheduledSwitchResult;
  });
  after(() => h?.close());

  it('is skipped, not run late, and says why', async () => {
    assert.equal(r.outcome, 'skipped');
    assert.match(r.reason ?? '', /^it reached a worker \d+m?s after it fired, past its 300ms catch-up window$/);
    assert.deepEqual(await runningVms(h), [101]);
  });

  it('gives the schedule a catch-up window of 5 minutes unless told otherwise', () => {
    const o = scheduleOptions({ node: 'pve', taskQueue: 'q', name: 's', def: def('{ mode: m, cron: "@daily" }'), managedBy: 'cli' });
    assert.deepEqual(o.policies, { overlap: 'BUFFER_ONE', catchupWindow: 300_000, pauseOnFailure: false });
  });
});
