import { pollDelays } from '../../src/proxmox/task-wait';
import type { ActivityRecord } from './reliability';

/**
 * The most Proxmox requests one switch may send, derived from how Morpheus retries, so a test can
 * tell "more requests because of faults" from "a request storm".
 *
 * - Every activity attempt is counted: the history says how many each activity took, and the retry
 *   policy caps them (8).
 * - A GET is sent at most 3 times (the client re-reads a GET that met a dropped connection, a 5xx
 *   without a verdict, or a malformed body); a POST once per attempt.
 * - A polling loop probes at most `probes(T)` times in the switch's duration T: its pauses back off
 *   (200 ms ×1.5 up to 2 s for state polls, 100 ms ×1.5 up to 2 s for task polls), so the count grows
 *   with the logarithm of T at first and then by one per 2 s, never with the fault rate.
 *
 * The bound is B = Σ over activities of attempts × (fixed requests + loops × 3 × probes(T)).
 */
export interface RequestBound {
  readonly bound: number;
  /** The per-activity terms, for the report when the bound is exceeded. */
  readonly terms: readonly string[];
}

const READS_PER_GET = 3;

interface Shape {
  /** GETs and POSTs every attempt sends once, outside any polling loop. */
  readonly gets: number;
  readonly posts: number;
  /** Polling loops per attempt, and the schedule they follow. */
  readonly loops: number;
  readonly firstPollMs: number;
}

function shapeOf(type: string, vms: number): Shape {
  switch (type) {
    // The VM list plus every VM's config.
    case 'observe':
    case 'verifyGpuFree':
      return { gets: 1 + vms, posts: 0, loops: 0, firstPollMs: 0 };
    // Status, the ACPI request, then polling its task for a moment to see it was accepted.
    case 'requestShutdown':
      return { gets: 1, posts: 1, loops: 1, firstPollMs: 100 };
    // Waiting for an earlier attempt's task, status, the request, then waiting for its task.
    case 'startVm':
    case 'forceStop':
      return { gets: 1, posts: 1, loops: 2, firstPollMs: 100 };
    case 'awaitStopped':
    case 'verifyStopped':
    case 'verifyRunning':
    case 'waitForNetwork':
      return { gets: 0, posts: 0, loops: 1, firstPollMs: 200 };
    default:
      throw new Error(`no request shape for activity ${type}: add it to test/support/request-bound.ts`);
  }
}

/** How many probes a backing-off loop starting at `firstMs` can make within `durationMs`. */
export function probes(durationMs: number, firstMs: number): number {
  let n = 1;
  const delays = pollDelays(firstMs, 2_000);
  for (let elapsed = delays.next().value; elapsed <= durationMs; elapsed += delays.next().value) n++;
  return n;
}

/** The bound for one switch run, from its activities (with attempts) and its duration. */
export function requestBound(activities: readonly ActivityRecord[], durationMs: number, vms: number): RequestBound {
  const terms: string[] = [];
  let bound = 0;
  for (const a of activities) {
    const s = shapeOf(a.type, vms);
    const perAttempt = s.gets * READS_PER_GET + s.posts + (s.loops > 0 ? s.loops * READS_PER_GET * probes(durationMs, s.firstPollMs) : 0);
    bound += a.attempt * perAttempt;
    terms.push(`${a.type}: ${a.attempt} × ${perAttempt}`);
  }
  return { bound, terms };
}
