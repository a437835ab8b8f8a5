import { setTimeout as sleep } from 'node:timers/promises';

export interface EventuallyOptions {
  /** Give up after this long (default 30 s). */
  readonly timeoutMs?: number;
  /** Pause between probes (default 50 ms). */
  readonly everyMs?: number;
  /** What is awaited, for the error at the deadline; a function can name the last state seen. */
  readonly what?: string | (() => string);
}

/**
 * Polls real state until `probe` returns something other than `undefined`, and returns it: the one
 * way tests wait for a thing to happen (never a fixed sleep). At the deadline it throws "waited N ms
 * for <what>".
 */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, o: EventuallyOptions = {}): Promise<T> {
  const timeoutMs = o.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) {
      const what = typeof o.what === 'function' ? o.what() : (o.what ?? 'the condition');
      throw new Error(`waited ${timeoutMs} ms for ${what}`);
    }
    await sleep(o.everyMs ?? 50);
  }
}
