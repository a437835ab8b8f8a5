import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigError, parseConfigText } from '../../src/config';
import type { ParseOutcome } from './config-error-shape';
import { mutatedConfigs, type FuzzCase } from './config-fuzz';
import { nastyConfigs } from './nasty-configs';

// The thread side of runParseCases (config-parse-runner.ts): builds the cases itself (bytes and
// megabyte strings need not cross threads), and says before each parse which one it starts, so the
// main thread can stop a parse that hangs and name it.

export type CaseSource = { readonly kind: 'mutated'; readonly seed: number; readonly count: number } | { readonly kind: 'nasty' };

export interface WorkerJob {
  readonly source: CaseSource;
  readonly sourceName: string;
  readonly env: Record<string, string>;
  readonly baseDir: string;
}

export type WorkerMessage =
  | { readonly type: 'start'; readonly index: number; readonly name: string }
  | { readonly type: 'done'; readonly index: number; readonly name: string; readonly ms: number; readonly outcome: ParseOutcome }
  | { readonly type: 'finished'; readonly count: number };

export function casesOf(source: CaseSource): FuzzCase[] {
  return source.kind === 'mutated' ? mutatedConfigs(source.seed, source.count) : nastyConfigs();
}

function parseOne(c: FuzzCase, job: WorkerJob): ParseOutcome {
  try {
    parseConfigText(c.input, { source: job.sourceName, env: job.env, baseDir: job.baseDir });
    return { kind: 'parsed' };
  } catch (err) {
    if (err instanceof ConfigError) return { kind: 'config-error', message: err.message, issues: err.issues, hint: err.hint };
    const e = err as { name?: unknown; message?: unknown; stack?: unknown };
    return {
      kind: 'other',
      name: String(e?.name ?? typeof err),
      message: String(e?.message ?? err),
      stack: typeof e?.stack === 'string' ? e.stack : undefined,
    };
  }
}

if (parentPort !== null && workerData !== undefined) {
  const port = parentPort;
  const job = workerData as WorkerJob;
  const cases = casesOf(job.source);
  cases.forEach((c, index) => {
    port.postMessage({ type: 'start', index, name: c.name } satisfies WorkerMessage);
    const started = performance.now();
    const outcome = parseOne(c, job);
    port.postMessage({ type: 'done', index, name: c.name, ms: performance.now() - started, outcome } satisfies WorkerMessage);
  });
  port.postMessage({ type: 'finished', count: cases.length } satisfies WorkerMessage);
}
