import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import type { z } from 'zod';
import type { GpuTimelineSnapshot } from '../../src/simulator/model/gpu-timeline';
import { DEFAULT_SCENARIO } from '../../src/simulator/default-scenario';
import type { FaultsSchema } from '../../src/simulator/scenario';
import { SWITCH_WORKFLOW_TYPE, switchWorkflowId, type SwitchInput, type SwitchResult } from '../../src/contract/switch';
import { traceOf } from './crash-checks';
import { dice, REPEAT, SEED } from './crash-figures';
import { activityAttempts, viewRun, waitForPoint, scheduledActivities, type KillPoint, type RunView } from './kill-points';
import { testConfigYaml } from './morpheus';
import { MORPHEUS_GUARD_ONLY } from './reliability';
import { spawnMorpheus, type Spawned } from './process';
import { startTestSimulator, type SimRequests, type TestSimulator } from './simulator';
import { testTemporal } from './temporal';

/** Switch timeouts of the crash tests: short where a timer must win, long enough to outlast a crash elsewhere. */
export const SWITCH_SECTION = 'switch:\n  shutdown_timeout: 3s\n  start_timeout: 30s\n  network_timeout: 30s';
/**
 * nimsforestnogpu (VM 103) gets a shutdown timeout far longer than a crash takes to notice (the
 * 10 s heartbeat timeout) plus a loaded machine's delays, so its poller can win after one.
 */
export const LONG_SHUTDOWN_TIMEOUT = '60s';

export interface GuestOverrides {
  /** Simulated seconds, as the scenario takes them. */
  readonly behaviour?: Readonly<Record<string, number | boolean | string | null>>;
  readonly ha?: boolean;
}

/** One switch to crash: which VM runs before it (it always switches to windowsvrstreaming, VM 102), and how the guests behave. */
export interface CrashScenario {
  readonly from: 101 | 103;
  readonly guests?: Readonly<Record<number, GuestOverrides>>;
  /** Faults in force from before the switch starts until the crash, e.g. a `hold` on the requests of the step to crash in. */
  readonly faults?: z.input<typeof FaultsSchema>;
}

/**
 * How a crash test holds its kill point open, so it is there however late the test looks: `open`
 * brings the switch to the point and keeps it there (the guest durations and `faults` of the
 * scenario often do it alone); `close` ends it after the kill, before a new worker starts. The
 * scenario's faults are lifted before `close` (held requests are dropped, never taking effect).
 */
export interface HeldPoint {
  readonly open?: (f: CrashFixture, handle: WorkflowHandle) => Promise<void>;
  readonly close?: (f: CrashFixture, handle: WorkflowHandle) => Promise<void>;
  /** LONG mode: how long after the point to kill, at most (the point is still held then). */
  readonly offsetMs?: number;
}

export interface CrashOutcome {
  readonly result: SwitchResult;
  readonly status: string;
  /** From the kill to the run's completion. */
  readonly recoveryMs: number;
  readonly atKill: RunView;
  readonly scheduled: readonly string[];
  readonly requests: SimRequests;
  readonly timeline: GpuTimelineSnapshot;
  readonly running: readonly number[];
  readonly count: (endpoint: string) => number;
  /** Proxmox tasks of `type` (e.g. `qmstop`) on `vmid` since the reset, from the simulator's own record. */
  readonly tasks: (type: string, vmid: number) => number;
  /** The highest attempt of an activity of this type, from the run's history (2 or more: it was retried). */
  readonly attempts: (type: string) => number;
}

/** The test run's dev server, or a server the test owns. */
async function temporalAt(address?: string) {
  if (address === undefined) return testTemporal();
  const connection = await Connection.connect({ address });
  return { client: new Client({ connection }), connection, taskQueue: `morpheus-crash-${randomUUID().slice(0, 8)}`, address };
}

// Fast guests by default, so only the step under test takes time.
const FAST = { start_duration: 0.3, boot_duration: 0, shutdown_duration: 0.5 };

/**
 * A host (simulator, in this process) and a Morpheus worker run as its own process (`morpheus worker`)
 * against the test run's dev server, on a task queue of its own: a worker that can be killed with -9.
 */
export class CrashFixture {
  worker: Spawned | undefined;
  readonly handles: WorkflowHandle[] = [];

  private constructor(
    readonly sim: TestSimulator,
    readonly client: Client,
    readonly connection: Connection,
    readonly taskQueue: string,
    readonly address: string,
    readonly dir: string,
    readonly configFile: string,
  ) {}

  /**
   * On the test run's dev server, or on `temporalAddress` (a server the test owns). `shutdownTimeouts`
   * sets per-VM shutdown timeouts over the defaults (3 s, and {@link LONG_SHUTDOWN_TIMEOUT} for VM 103).
   */
  static async start(o: { temporalAddress?: string; shutdownTimeouts?: Readonly<Record<number, string>> } = {}): Promise<CrashFixture> {
    const sim = await startTestSimulator({ scenario: { ...DEFAULT_SCENARIO, ...MORPHEUS_GUARD_ONLY, node: `pve-${randomUUID().slice(0, 8)}` }, timeScale: 1 });
    const t = await temporalAt(o.temporalAddress);
    const dir = mkdtempSync(join(tmpdir(), 'morpheus-crash-'));
    const configFile = join(dir, 'config.yaml');
    let yaml = testConfigYaml(sim, { taskQueue: t.taskQueue, temporalAddress: t.address, switchSection: SWITCH_SECTION });
    for (const [vmid, timeout] of Object.entries({ 103: LONG_SHUTDOWN_TIMEOUT, ...o.shutdownTimeouts })) {
      yaml = yaml.replace(new RegExp(`( +)vmid: ${vmid}\n`), `$1vmid: ${vmid}\n$1shutdown_timeout: ${timeout}\n`);
    }
    writeFileSync(configFile, yaml);
    return new CrashFixture(sim, t.client, t.connection, t.taskQueue, t.address, dir, configFile);
  }

  get node(): string {
    return this.sim.node;
  }

  async ensureWorker(): Promise<void> {
    if (this.worker && this.worker.child.exitCode === null && this.worker.child.signalCode === null) return;
    const env = { PROXMOX_API_TOKEN: this.sim.token.secret, TEMPORAL_ADDRESS: this.address, MORPHEUS_TASK_QUEUE: this.taskQueue };
    const worker = spawnMorpheus(['--config', this.configFile, 'worker'], env);
    await worker.waitFor(/Morpheus worker for host/, 30_000);
    this.worker = worker;
  }

  async killWorker(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (!w) return;
    w.child.kill('SIGKILL');
    await w.exited;
  }

  /**
   * Fresh host with `from` running, the guests as asked, the simulator's PCI guard off (Morpheus's is
   * the only one, so an overlap it allowed is recorded); the request counter starts from zero.
   */
  async resetHost(s: CrashScenario): Promise<void> {
    const vms = (DEFAULT_SCENARIO.vms ?? []).map((v) => {
      const o = s.guests?.[v.vmid];
      return {
        ...v,
        status: v.vmid === s.from ? ('running' as const) : ('stopped' as const),
        ...(o?.ha !== undefined && { ha: o.ha }),
        behaviour: { ...v.behaviour, ...FAST, ...o?.behaviour },
      };
    });
    await this.sim.control.reset({ ...DEFAULT_SCENARIO, ...MORPHEUS_GUARD_ONLY, node: this.node, time_scale: 1, vms, ...(s.faults && { faults: s.faults }) });
  }

  /** Starts a switch to windowsvrstreaming on a fresh host; the faults of `s` apply until {@link finish}. */
  async startSwitch(s: CrashScenario): Promise<WorkflowHandle> {
    await this.resetHost(s);
    await this.ensureWorker();
    const input: SwitchInput = { action: 'switch', target: 'windowsvrstreaming', force: false, requestedBy: 'test:crash' };
    const handle = await this.client.workflow.start(SWITCH_WORKFLOW_TYPE, {
      workflowId: switchWorkflowId(this.node),
      taskQueue: this.taskQueue,
      args: [input],
    });
    this.handles.push(handle);
    return handle;
  }

  /** Kills the worker with -9 and starts a new one. */
  async restartWorker(): Promise<void> {
    await this.killWorker();
    await this.ensureWorker();
  }

  /**
   * Switches to windowsvrstreaming; at `point`, held open as `held` says, kills the worker with -9,
   * ends the hold, starts a new worker and waits for the switch to end.
   */
  async crashSwitch(s: CrashScenario, point: KillPoint, held: HeldPoint = {}): Promise<CrashOutcome> {
    const handle = await this.startSwitch(s);
    await held.open?.(this, handle);
    const atKill = await waitForPoint(handle, point);
    if (held.offsetMs) await sleep(held.offsetMs);
    const killedAt = Date.now();
    await this.killWorker();
    await this.sim.control.setFaults({});
    await held.close?.(this, handle);
    await this.ensureWorker();
    return this.finish(handle, killedAt, atKill);
  }

  /** Waits for the switch to end (through Temporal outages) and gathers what the host and the history say. */
  async finish(handle: WorkflowHandle, killedAt: number, atKill: RunView): Promise<CrashOutcome> {
    await this.sim.control.setFaults({});
    const result = await this.#result(handle, 120_000);
    const recoveryMs = Date.now() - killedAt;
    const [view, requests, timeline, state, tasks] = await Promise.all([
      viewRun(handle),
      this.sim.control.requests(),
      this.sim.control.gpuTimeline(),
      this.sim.control.state(),
      this.sim.control.tasks(),
    ]);
    if (process.env['MORPHEUS_CRASH_TRACE']) console.log(traceOf(view, killedAt));
    return {
      result,
      status: view.status,
      recoveryMs,
      atKill,
      scheduled: scheduledActivities(view),
      requests,
      timeline,
      running: state.vms.filter((v) => v.status !== 'stopped').map((v) => v.vmid),
      count: (endpoint) => requests.endpoints[endpoint]?.count ?? 0,
      tasks: (type, vmid) => tasks.filter((t) => t.type === type && t.vmid === vmid).length,
      attempts: (type) => activityAttempts(view, type),
    };
  }

  /** The run's result; calls that fail because Temporal is away are made again until the deadline. */
  async #result(handle: WorkflowHandle, timeoutMs: number): Promise<SwitchResult> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return (await this.connection.withDeadline(deadline, () => handle.result())) as SwitchResult;
      } catch (err) {
        if (err instanceof WorkflowFailedError) throw err;
        if (Date.now() < deadline) {
          await sleep(250);
          continue;
        }
        const v = await viewRun(handle).catch(() => undefined);
        const pending = v?.pending.map((p) => `${p.activityType?.name}#${p.attempt}`).join(', ');
        throw new Error(
          `the switch did not finish within ${timeoutMs} ms after the crash (${String(err)}); status ${v?.status}, pending ${pending}; worker output:\n${this.worker?.output().slice(-3_000)}`,
        );
      }
    }
  }

  async close(): Promise<void> {
    // Nothing may stay running on this task queue after the file ends.
    await Promise.all(this.handles.map((h) => h.terminate('test ended').catch(() => undefined)));
    await this.killWorker();
    await this.connection.close();
    await this.sim.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Runs `body` REPEAT times (once in CI) on a fixture of its own, so kill points can run side by side;
 * a failing round names itself and the seed that reproduces it.
 */
export async function inRounds(
  salt: number,
  body: (f: CrashFixture, d: ReturnType<typeof dice>) => Promise<void>,
  o: Parameters<typeof CrashFixture.start>[0] = {},
): Promise<void> {
  const f = await CrashFixture.start(o);
  try {
    for (let round = 0; round < REPEAT; round++) {
      try {
        await body(f, dice(salt * 1_000 + round));
      } catch (err) {
        if (REPEAT > 1 && err instanceof Error) err.message = `round ${round + 1} of ${REPEAT} (MORPHEUS_RELIABILITY_SEED=${SEED}): ${err.message}`;
        throw err;
      }
    }
  } finally {
    await f.close();
  }
}
