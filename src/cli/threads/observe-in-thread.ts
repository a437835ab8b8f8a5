import { join } from 'node:path';
import type { HostSnapshot } from '../../modes/types';
import type { ObserveRequest } from './observe-thread';
import { startOneRequestThread } from './one-request';

// A safety net only: the reads have their own deadlines and retry budget.
const THREAD_TIMEOUT_MS = 120_000;

/**
 * The switch's look at the host (`observeUnlessAsleep`) from a thread of its own, started now: the
 * HTTP client loads, TLS connects and the answers are read on the machine's other core while the
 * command loads Temporal's client on this one.
 */
export function observeInThread(request: ObserveRequest): Promise<HostSnapshot | 'asleep'> {
  const thread = startOneRequestThread<ObserveRequest, HostSnapshot | 'asleep'>(join(__dirname, 'observe-thread.js'));
  return thread.ask(request, THREAD_TIMEOUT_MS);
}
