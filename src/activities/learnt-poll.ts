import { Context, heartbeat } from '@temporalio/activity';
import { ProxmoxError } from '../proxmox/errors';
import type { LearningSchedule } from '../proxmox/poll-schedule';
import { noteTransient } from './poll';

// A probe that takes long to say "not yet" (the guest agent: about 3 s while it is not running) does
// not hold back the next one: up to this many run at once. A probe out for less than OVERLAP_AFTER_MS
// is merely slow to answer (a busy host), and the next one waits for it. One probe more goes out when
// the wait reaches the end earlier waits had: the probes still out went before it, and would each
// keep the answer back by the seconds a "not yet" takes.
const MAX_IN_FLIGHT = 2;
const OVERLAP_AFTER_MS = 250;

/**
 * Calls `probe` when `learning`'s schedule says, until one returns a value, and learns when the wait
 * ended. Probes are not serialised: when one has been out for 250 ms at the time of the next, the
 * next starts anyway (at most two at once), so a probe that fails slowly costs little lateness.
 * Retryable Proxmox failures are logged and polled through; anything else ends the poll. Heartbeats
 * with every probe and ends when the activity is cancelled. Resolves undefined at the deadline.
 */
export async function pollLearnt<T>(probe: () => Promise<T | undefined>, deadlineMs: number, learning: LearningSchedule): Promise<T | undefined> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const { cancelled } = Context.current();
  // Raced below while the poll waits; a cancellation in between must not count as unhandled.
  cancelled.catch(() => undefined);
  let found: { readonly value: T } | undefined;
  let failed: { readonly err: unknown } | undefined;
  /** When each probe still out went out, by probe number. */
  const out = new Map<number, number>();
  let probes = 0;
  const oldestOut = () => Math.min(...out.values());
  let wake: () => void = () => undefined;

  const launch = () => {
    const at = elapsed();
    const id = probes++;
    out.set(id, at);
    heartbeat();
    probe()
      .then(
        (value) => {
          if (value === undefined) learning.schedule.notYet(at);
          else if (!found) {
            found = { value };
            learning.learn(at);
          }
        },
        (err: unknown) => {
          if (err instanceof ProxmoxError && err.retryable) noteTransient(err);
          else failed ??= { err };
        },
      )
      .finally(() => {
        out.delete(id);
        wake();
      });
  };

  const end = learning.schedule.expectedEnd;
  // Whether a probe went out at or after the end earlier waits had (always, without history).
  let endProbed = end === undefined;
  let next = learning.schedule.delay(0);
  for (;;) {
    if (found) return found.value;
    if (failed) throw failed.err;
    if (elapsed() >= deadlineMs) return undefined;
    const atEnd = !endProbed && elapsed() >= end!;
    // The next probe may go out once it is due and every probe still out is a slow one, or the end is reached.
    const free = out.size === 0 || atEnd || (out.size < MAX_IN_FLIGHT && elapsed() - oldestOut() >= OVERLAP_AFTER_MS);
    if (elapsed() >= next && free) {
      if (end !== undefined && elapsed() >= end) endProbed = true;
      launch();
      next = elapsed() + learning.schedule.delay(elapsed());
      continue;
    }
    // When the next one may go: when due; with one out, not before that one turns slow; with all out, once
    // one answers; and, whatever is out, at the end earlier waits had.
    const usual = out.size === 0 ? next : out.size >= MAX_IN_FLIGHT ? Infinity : Math.max(next, oldestOut() + OVERLAP_AFTER_MS);
    const goes = endProbed ? usual : Math.min(usual, Math.max(next, end!));
    // Until then, or until a probe answers, the deadline passes, or the activity is cancelled.
    const settled = new Promise<void>((resolve) => (wake = resolve));
    let timer: NodeJS.Timeout | undefined;
    const due = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, Math.min(goes, deadlineMs) - elapsed()))));
    try {
      await Promise.race([due, settled, cancelled]);
    } finally {
      clearTimeout(timer);
    }
  }
}
