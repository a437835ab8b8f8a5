/** Median and spread of a sample, for bench reports. */
export function summarize(samples: readonly number[]): { median: number; min: number; max: number; n: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, n: sorted.length };
}

export async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** One report line: a measurement next to its baseline, as a ratio. */
export function ratioLine(name: string, value: readonly number[], baseline: readonly number[], baselineName: string): string {
  const v = summarize(value);
  const b = summarize(baseline);
  return `${name}: median ${v.median.toFixed(1)} ms (min ${v.min.toFixed(1)}, max ${v.max.toFixed(1)}, n=${v.n}) = ${(v.median / b.median).toFixed(2)}× ${baselineName} (median ${b.median.toFixed(1)} ms)`;
}
