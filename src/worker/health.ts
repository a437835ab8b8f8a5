import type { RunningWorker } from './run-worker';

export interface HealthReport {
  readonly healthy: boolean;
  /** The SDK worker's state: RUNNING when it polls; DRAINING, STOPPING, FAILED... otherwise. */
  readonly worker: string;
  /** `SERVING`, or why Temporal's frontend did not say so. */
  readonly temporal: string;
}

// Temporal's frontend reports its health per gRPC service; this is the one workers poll.
const WORKFLOW_SERVICE = 'temporal.api.workflowservice.v1.WorkflowService';
const SERVING = 1;

/** Healthy: the worker runs and Temporal's frontend answers its health check within `timeoutMs`. */
export async function checkHealth(running: Pick<RunningWorker, 'worker' | 'connection'>, timeoutMs = 3_000): Promise<HealthReport> {
  const worker = running.worker.getState();
  let temporal: string;
  let timer: NodeJS.Timeout | undefined;
  try {
    const { connection } = running;
    const check = connection.withDeadline(Date.now() + timeoutMs, () => connection.healthService.check({ service: WORKFLOW_SERVICE }));
    // While the connection backs off between reconnects, the call can outlive its deadline; the answer must not.
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)));
    check.catch(() => undefined);
    const answer = await Promise.race([check, late]);
    temporal = answer.status === SERVING ? 'SERVING' : `not serving (status ${answer.status ?? 'unknown'})`;
  } catch (err) {
    temporal = `unreachable (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
  } finally {
    clearTimeout(timer);
  }
  return { healthy: worker === 'RUNNING' && temporal === 'SERVING', worker, temporal };
}
