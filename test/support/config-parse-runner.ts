import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ParseOutcome } from './config-error-shape';
import type { CaseSource, WorkerJob, WorkerMessage } from './config-parse-worker';

export interface ParseResult {
  readonly index: number;
  readonly name: string;
  readonly ms: number;
  readonly outcome: ParseOutcome;
}

export interface ParseRun {
  readonly results: readonly ParseResult[];
  /** The slowest single parse. */
  readonly slowest: ParseResult;
}

export interface RunOptions extends Omit<WorkerJob, 'source'> {
  /** A parse taking longer than this is stopped (the thread is terminated) and named in the rejection. */
  readonly boundMs: number;
}

/**
 * Parses every case of `source` in a worker thread, so that a parse that hangs can be stopped (a
 * synchronous parse in this thread could not be) and one that crashes V8 takes only the thread down.
 * Rejects naming the case that hung or crashed.
 */
export function runParseCases(source: CaseSource, options: RunOptions): Promise<ParseRun> {
  const { boundMs, ...rest } = options;
  const job: WorkerJob = { ...rest, source };
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'config-parse-worker.js'), { workerData: job });
    const results: ParseResult[] = [];
    let current = '(before the first case)';
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if (err) return reject(err);
      const slowest = results.reduce((a, b) => (b.ms > a.ms ? b : a));
      resolve({ results, slowest });
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(new Error(`parsing ${current} did not finish within ${boundMs} ms`)), boundMs);
    };
    arm();
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'start') {
        current = `case ${m.index} "${m.name}"`;
        arm();
      } else if (m.type === 'done') {
        results.push({ index: m.index, name: m.name, ms: m.ms, outcome: m.outcome });
      } else {
        finish(results.length === m.count ? undefined : new Error(`got ${results.length} of ${m.count} results`));
      }
    });
    worker.on('error', (err) => finish(new Error(`the parse thread failed during ${current}: ${err.message}`)));
    worker.on('exit', (code) => finish(new Error(`the parse thread exited (code ${code}) during ${current}`)));
  });
}
