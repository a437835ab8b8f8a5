import { type ProxmoxError, ProxmoxTransientError } from './errors';

/**
 * What a failed read says about sending it again:
 * - `no-verdict`: Proxmox never judged it (a dropped or refused connection, 502-504/595-597, a 2xx
 *   body that is not JSON or not of the documented shape); the next try may well work;
 * - `timeout`: the host let a deadline pass; another try may cost as long again;
 * - `verdict`: Proxmox's own answer (401, 403, 400, a 500 with a message such as "QEMU guest agent is
 *   not running", not found, a lock) or an untrusted certificate; asking again repeats it.
 */
export type ReadFailureKind = 'no-verdict' | 'timeout' | 'verdict';

/**
 * Statuses with no Proxmox verdict in them: a proxy in front of pveproxy (502-504), or pveproxy's own
 * node-to-node proxying (595-597). A 500 is not here: it carries a handler's answer, which reading
 * again would only repeat.
 */
const NO_VERDICT_STATUSES = new Set([502, 503, 504, 595, 596, 597]);

/** Sorts a failed read's error (as classified by `classify.ts`) by what trying again may change. */
export function readFailureKind(error: ProxmoxError, timedOut: boolean): ReadFailureKind {
  if (timedOut) return 'timeout';
  // No HTTP status: the transport failed. Resets and refusals are retryable, TLS failures are not.
  if (error.status === undefined) return error.retryable ? 'no-verdict' : 'verdict';
  if (error.status >= 200 && error.status < 300) return 'no-verdict';
  return NO_VERDICT_STATUSES.has(error.status) ? 'no-verdict' : 'verdict';
}

/**
 * When the client sends a failed GET again. It asks after every failed attempt; POSTs are never sent
 * again by the client (a write may have taken effect: its caller re-checks the VM first).
 */
export interface ReadRetryPolicy {
  /** After the `attempts`-th failure in a row of one read: milliseconds to wait before the next, or undefined to stop. */
  delayBeforeNext(kind: ReadFailureKind, attempts: number): number | undefined;
  /** The error a read ends with after `attempts` failures in a row, the last being `error`. */
  finalError(error: ProxmoxError, attempts: number): ProxmoxError;
}

const FIXED_DELAYS_MS = [100, 400] as const;

/**
 * The client's default, for the worker (whose activities have Temporal's retries around them): a
 * read without a verdict is sent up to `attempts` times in all, 100 then 400 ms apart; the last
 * failure is thrown as it is. A timeout is not read again: a host that let one deadline pass would
 * make the activity wait several.
 */
export function fixedReadRetry(attempts = 3): ReadRetryPolicy {
  return {
    delayBeforeNext: (kind, n) => (kind === 'no-verdict' && n < attempts ? (FIXED_DELAYS_MS[n - 1] ?? FIXED_DELAYS_MS[FIXED_DELAYS_MS.length - 1]) : undefined),
    finalError: (error) => error,
  };
}

export interface BudgetedReadRetryOptions {
  /** Retries start only within this many ms of the policy's creation (one command). */
  readonly budgetMs: number;
  /** The pause after the first failure; it doubles per failure up to `maxDelayMs`, then a random part is taken off. */
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** In [0, 1); `Math.random` in the CLI, a seeded PRNG in tests. */
  readonly random: () => number;
  readonly now: () => number;
}

/**
 * The CLI's figures: about 2 s of retries per command, the pause growing from 25 ms to at most
 * 250 ms, so a read failing from the start is tried 11 to 19 times. Short pauses matter: a command's
 * reads come in two rounds (the VM list, then every config), and both must fit in the budget.
 */
export const CLI_READ_RETRY: BudgetedReadRetryOptions = { budgetMs: 2_000, firstDelayMs: 25, maxDelayMs: 250, random: Math.random, now: Date.now };

/**
 * The pause after the `attempts`-th failure in a row: the exponential step, of which a random half
 * at most is taken off ("equal jitter"), so concurrent reads and concurrent CLIs do not retry in step.
 */
export function backoffDelay(attempts: number, o: Pick<BudgetedReadRetryOptions, 'firstDelayMs' | 'maxDelayMs' | 'random'>): number {
  const step = Math.min(o.maxDelayMs, o.firstDelayMs * 2 ** Math.min(attempts - 1, 30));
  return Math.round(step / 2 + (step / 2) * o.random());
}

/**
 * The CLI's policy: every read of one command shares a budget of time. A failure without a verdict,
 * or a timeout, is retried after a jittered, growing pause, as long as that pause ends within the
 * budget; a verdict is final at once. A read that ran out of budget says how many times in a row it
 * failed, and the last error.
 */
export function budgetedReadRetry(o: BudgetedReadRetryOptions = CLI_READ_RETRY): ReadRetryPolicy {
  const deadline = o.now() + o.budgetMs;
  return {
    delayBeforeNext(kind, attempts) {
      if (kind === 'verdict') return undefined;
      const delay = backoffDelay(attempts, o);
      return o.now() + delay <= deadline ? delay : undefined;
    },
    finalError: gaveUpError,
  };
}

/** The last of `attempts` transient failures, restated with the count. A single failure, or a verdict, stays as it is. */
export function gaveUpError(error: ProxmoxError, attempts: number): ProxmoxError {
  if (attempts < 2 || !(error instanceof ProxmoxTransientError)) return error;
  return new ProxmoxTransientError(error.endpoint, `Proxmox answered with errors ${attempts} times in a row; the last: ${error.detail}`, {
    status: error.status,
    proxmoxMessage: error.proxmoxMessage,
    cause: error,
    hint: error.hint ?? 'the host, or the network to it, is unsteady: try again in a moment',
  });
}
