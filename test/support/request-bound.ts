import { PollSchedule } from '../../src/proxmox/poll-schedule';
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
 *   (200 ms ×1.5 up to 2 s for state polls, 100 ms ×1.5 up to 2 s for task polls, half the time waited
 *   so far from 50 ms up to 2 s after two probes where earlier waits ended for learned waits), so the
 *   count grows with the logarithm of T at first and then by one per 2 s, never with the fault rate.
 *
 * The bound is B = Σ over activities of attempts × (fixed requests + loops × 3 × probes(T)).
 */
export interface RequestBound {
  readonly bound: number;
  /** The per-activity terms, for the report when the bound is exceeded. */
  readonly terms: readonly string[];
}

const READS_PER_GET = 3;

/**
 * The polling loops an activity may run: `task` and `state` back off from 100 ms and 200 ms by 1.5×
 * up to 2 s; `learned` follows {@link PollSchedule}: up to two probes where earlier waits ended, then
 * backing off as without history.
 */
type Loop = 'task' | 'state' | 'learned';

interface Shape {
  /** GETs and POSTs every attempt sends once, outside any polling loop. */
  readonly gets: number;
  readonly posts: number;
  /** Polling loops per attempt. */
  readonly loops: readonly Loop[];
}

function shapeOf(type: string, vms: number): Shape {
  switch (type) {
    // The VM list plus every VM's config; the observation also reads the PCI list now and then.
    case 'observe':
      return { gets: 2 + vms, posts: 0, loops: [] };
    case 'verifyGpuFree':
      return { gets: 1 + vms, posts: 0, loops: [] };
    // Status, then the ACPI request.
    case 'requestShutdown':
      return { gets: 1, posts: 1, loops: ['task'] };
    // A retry's status read and its check of the earlier task, the ACPI request, its task, then (HA, timed out) the status.
    case 'shutdownAndWait':
      return { gets: 2, posts: 1, loops: ['learned', 'state'] };
    // Waiting for an earlier attempt's task, status, the request, then waiting for its task.
    case 'startVm':
      return { gets: 1, posts: 1, loops: ['task', 'task'] };
    // The same, then confirming on live state that the VM is off.
    case 'forceStop':
      return { gets: 1, posts: 1, loops: ['task', 'task', 'state'] };
    // A retry's status read, an earlier attempt's task, the request and its task, then (HA) the status.
    case 'startAndVerify':
      return { gets: 1, posts: 1, loops: ['task', 'learned', 'state'] };
    case 'awaitStopped':
    case 'verifyStopped':
    case 'verifyRunning':
      return { gets: 0, posts: 0, loops: ['state'] };
    case 'waitForNetwork':
      return { gets: 0, posts: 0, loops: ['learned'] };
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

/** How many probes a {@link PollSchedule} can make within `durationMs`: two where earlier waits ended, then as without history. */
export function learnedProbes(durationMs: number): number {
  const schedule = new PollSchedule(undefined);
  let n = 2;
  for (let elapsed = schedule.delay(0); elapsed <= durationMs; elapsed += schedule.delay(elapsed)) n++;
  return n;
}

const loopProbes = (loop: Loop, durationMs: number): number =>
  loop === 'learned' ? learnedProbes(durationMs) : probes(durationMs, loop === 'task' ? 100 : 200);

/** The bound for one switch run, from its activities (with attempts) and its duration. */
export function requestBound(activities: readonly ActivityRecord[], durationMs: number, vms: number): RequestBound {
  const terms: string[] = [];
  let bound = 0;
  for (const a of activities) {
    const s = shapeOf(a.type, vms);
    const perAttempt = s.gets * READS_PER_GET + s.posts + s.loops.reduce((n, loop) => n + READS_PER_GET * loopProbes(loop, durationMs), 0);
    bound += a.attempt * perAttempt;
    terms.push(`${a.type}: ${a.attempt} × ${perAttempt}`);
  }
  return { bound, terms };
}
