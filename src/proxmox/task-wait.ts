import { setTimeout as sleep } from 'node:timers/promises';
import { classifyTaskFailure, isTaskSuccess } from './classify';
import type { ProxmoxClient } from './client';
import { ProxmoxError, ProxmoxTaskRunningError } from './errors';
import type { LearningSchedule } from './poll-schedule';
import type { TaskStatus } from './schemas';
import { parseUpid } from './upid';

export interface WaitForTaskOptions {
  /** Give up (with a retryable error) when the task is still running after this long. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  /** Called after every poll, e.g. to heartbeat an activity. */
  readonly onPoll?: ((status: TaskStatus) => void) | undefined;
  /** The VM the task concerns, for error messages. */
  readonly vmid?: number | undefined;
  /**
   * When given, retryable failures of a poll (a dropped connection, a 5xx) are passed here and polling
   * goes on; without it they end the wait. Polls only read, so trying again is always safe.
   */
  readonly onTransient?: ((err: ProxmoxError) => void) | undefined;
  /**
   * When to poll, learnt from earlier tasks of the same kind; the first poll then waits for the
   * schedule, and a task that succeeds teaches the next one. Without it: at once, then backing off.
   */
  readonly learning?: LearningSchedule | undefined;
}

/** Poll delays: fast at first (most power tasks end within a second or two), then backing off. */
export function* pollDelays(firstMs = 100, maxMs = 2_000, factor = 1.5): Generator<number, never> {
  for (let d = firstMs; ; d = Math.min(maxMs, Math.round(d * factor))) yield d;
}

/**
 * Waits for a Proxmox task to end and returns its final status when it succeeded (`OK` or
 * `WARNINGS: n`); a failed task becomes the typed error its exit status describes.
 */
export async function waitForTask(client: ProxmoxClient, upid: string, opts: WaitForTaskOptions): Promise<TaskStatus> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const delays = pollDelays();
  const { learning } = opts;
  const pause = () =>
    sleep(learning ? Math.min(learning.schedule.delay(elapsed()), Math.max(0, opts.timeoutMs - elapsed())) : delays.next().value, undefined, {
      signal: opts.signal,
    });
  const vmid = opts.vmid ?? numericId(upid);
  const endpoint = { method: 'GET', path: `/nodes/${parseUpid(upid)?.node ?? client.node}/tasks/${upid}/status`, vmid };
  if (learning) await pause();
  for (;;) {
    const at = elapsed();
    const status = await pollOnce(client, upid, opts);
    if (status) {
      opts.onPoll?.(status);
      if (status.status === 'stopped') {
        const exit = status.exitstatus ?? 'unexpected status';
        if (!isTaskSuccess(exit)) throw classifyTaskFailure(endpoint, upid, exit);
        learning?.learn(at);
        return status;
      }
      learning?.schedule.notYet(at);
    }
    if (elapsed() >= opts.timeoutMs) {
      throw new ProxmoxTaskRunningError(endpoint, `task ${upid} still running after ${(opts.timeoutMs / 1000).toFixed(1)} s`);
    }
    await pause();
  }
}

function numericId(upid: string): number | undefined {
  const id = parseUpid(upid)?.id;
  return id && /^\d+$/.test(id) ? Number(id) : undefined;
}

async function pollOnce(client: ProxmoxClient, upid: string, opts: WaitForTaskOptions): Promise<TaskStatus | undefined> {
  try {
    return await client.taskStatus(upid, { signal: opts.signal });
  } catch (err) {
    if (!opts.onTransient || !(err instanceof ProxmoxError) || !err.retryable) throw err;
    opts.onTransient(err);
    return undefined;
  }
}
