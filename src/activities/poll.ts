import { activityInfo, cancellationSignal, heartbeat, log, sleep } from '@temporalio/activity';
import { ProxmoxError } from '../proxmox/errors';
import { pollDelays } from '../proxmox/task-wait';

/** Call options that abort a Proxmox request when Temporal cancels the activity. */
export const cancellable = () => ({ signal: cancellationSignal() });

/** The Proxmox task a previous attempt of this activity issued, if it recorded one. */
export function previousUpid(): string | undefined {
  const details = activityInfo().heartbeatDetails as { upid?: unknown } | undefined;
  return typeof details?.upid === 'string' ? details.upid : undefined;
}

/**
 * Runs an activity while heartbeating every 2 s, so a worker that dies during it is noticed within
 * the heartbeat timeout (10 s) rather than at the end of the start-to-close timeout, also while it
 * pauses between probes for long. Each heartbeat replaces the last one's details: `details()` says
 * what they are now (the UPID of a task issued, say).
 */
export async function keepingAlive<T>(body: () => Promise<T>, details: () => unknown = () => undefined): Promise<T> {
  heartbeat(details());
  const ticker = setInterval(() => heartbeat(details()), 2_000);
  try {
    return await body();
  } finally {
    clearInterval(ticker);
  }
}

/** Logs a transient failure during polling; the poll goes on. */
export function noteTransient(err: ProxmoxError): void {
  log.warn('transient Proxmox failure while polling; trying again', { error: err.message });
}

/**
 * Calls `probe` until it returns a value, backing off between calls (200 ms to 2 s) and heartbeating
 * each time, so a crashed worker is noticed and cancellation arrives. Retryable Proxmox failures are
 * logged and polled through (reads are safe to repeat); anything else ends the poll. Resolves
 * undefined at the deadline. (Waits whose length is learnt use `pollLearnt`.)
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  deadlineMs: number | undefined,
  /** Repeated in every heartbeat: each heartbeat replaces the last one's details. */
  heartbeatDetails?: unknown,
): Promise<T | undefined> {
  const started = Date.now();
  const delays = pollDelays(200, 2_000);
  for (;;) {
    heartbeat(heartbeatDetails);
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      if (!(err instanceof ProxmoxError) || !err.retryable) throw err;
      noteTransient(err);
    }
    if (deadlineMs !== undefined && Date.now() - started >= deadlineMs) return undefined;
    await sleep(delays.next().value);
  }
}
