import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { projectRoot } from '../src/shared/project-root';
import { BIN, type BenchContext } from './context';

export interface WorkerProcess {
  readonly pid: number;
  /** From spawn until Temporal lists this process as a poller of the task queue. */
  readonly readyMs: number;
  /** From spawn until the worker printed that it runs. */
  readonly bannerMs: number;
  stop(): Promise<void>;
}

/**
 * Launches `morpheus worker` as a user does and waits until it polls: until the Temporal server lists
 * a poller with this process's identity (`morpheus-worker@<host>:<pid>`) on the task queue.
 */
export async function launchWorker(ctx: Pick<BenchContext, 'client' | 'configFile' | 'env' | 'taskQueue'>, timeoutMs = 60_000): Promise<WorkerProcess> {
  const started = process.hrtime.bigint();
  const since = () => Number(process.hrtime.bigint() - started) / 1e6;
  const child = spawn(process.execPath, [BIN, '--config', ctx.configFile, 'worker'], { env: ctx.env, cwd: projectRoot(), stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = once(child, 'exit');
  let stderr = '';
  let bannerMs: number | undefined;
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (bannerMs === undefined && stderr.includes('Ctrl-C stops it')) bannerMs = since();
  });
  const identity = `morpheus-worker@${hostname()}:${child.pid}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  };
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`morpheus worker exited with ${child.exitCode}: ${stderr.trim()}`);
      if (since() > timeoutMs) throw new Error(`morpheus worker did not poll within ${timeoutMs} ms: ${stderr.trim()}`);
      const { pollers } = await ctx.client.workflowService.describeTaskQueue({
        namespace: 'default',
        taskQueue: { name: ctx.taskQueue, kind: 1 },
        taskQueueType: 1,
      });
      if ((pollers ?? []).some((p) => p.identity === identity)) break;
      await sleep(10);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const readyMs = since();
  return { pid: child.pid!, readyMs, bannerMs: bannerMs ?? readyMs, stop };
}
