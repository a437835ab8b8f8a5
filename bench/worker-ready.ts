import { bareNode, type BenchContext } from './context';
import type { Figures } from './figures';
import { summarize } from './stats';
import { launchWorker } from './worker-process';

/** `morpheus worker` from launch until it polls its task queue, interleaved with bare node starts. */
export async function benchWorkerReady(ctx: BenchContext, runs: number): Promise<Figures> {
  const ready: number[] = [];
  const banner: number[] = [];
  const bare: number[] = [];
  // Warm-up: the first start pays for the disk cache.
  await (await launchWorker(ctx)).stop();
  for (let i = 0; i < runs; i++) {
    bare.push((await bareNode()).ms);
    const w = await launchWorker(ctx);
    ready.push(w.readyMs);
    banner.push(w.bannerMs);
    await w.stop();
  }
  const median = summarize(ready).median;
  return {
    figures: { 'worker.ready_ms': median, 'worker.ready_ratio': median / summarize(bare).median },
    details: { worker_ready_ms: ready, worker_banner_ms: banner, worker_bare_node_ms: bare },
  };
}
