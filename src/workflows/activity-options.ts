import type { ActivityOptions } from '@temporalio/workflow';

// Transient Proxmox failures (dropped connections, 5xx, a brief VM lock) are retried with backoff, a
// bounded number of times; auth, permission, unknown VM and business refusals are non-retryable at
// the source (their ApplicationFailures say so), so they reach the user at once.
const RETRY = {
  initialInterval: '500ms',
  backoffCoefficient: 2,
  maximumInterval: '10s',
  maximumAttempts: 8,
} as const;

/**
 * Quick calls: one or a few API requests. They heartbeat too (every 2 s while they run), so a worker
 * that dies during one is noticed in 10 s, not at the end of the 30 s start-to-close timeout.
 */
export const quick = (summary: string): ActivityOptions => ({ startToCloseTimeout: '30s', heartbeatTimeout: '10s', retry: RETRY, summary });

/**
 * Waits that poll: they heartbeat, so a crashed worker is noticed within the heartbeat timeout, and
 * the attempt may last as long as the wait itself.
 */
export const waiting = (summary: string, waitMs: number): ActivityOptions => ({
  startToCloseTimeout: waitMs + 60_000,
  heartbeatTimeout: '10s',
  retry: RETRY,
  summary,
});
