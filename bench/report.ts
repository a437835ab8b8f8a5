/** Issue 8's goal for each figure: at most this much (booleans: must be 1). */
export const GOALS: Record<string, number> = {
  'cli.version_ratio': 1.3,
  'cli.help_ratio': 1.3,
  'cli.list_ratio': 2.5,
  'cli.status_ratio': 2.5,
  'list.requests': 2,
  'status.requests': 2,
  'switch.requests': 16,
  'switch.config_reads_per_vm_max': 1,
  'switch.overhead_ms_median': 600,
  'engine.ratio': 1.4,
  'worker.ready_ms': 1000,
  'scale.p95_overhead_ms': 1000,
  'scale.worker_rss_mb': 400,
};

const format = (v: number | null): string => (v === null ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 0));

/** The figures as an aligned table: name, value, goal, and whether the goal is met. */
export function table(figures: Record<string, number | null>): string {
  const rows = Object.entries(figures).map(([name, value]) => {
    const goal = GOALS[name];
    const verdict = goal === undefined || value === null ? '' : value <= goal ? 'ok' : 'MISSED';
    return [name, format(value), goal === undefined ? '' : `≤ ${goal}`, verdict];
  });
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['figure', 'value', 'goal'][i]!.length));
  const line = (r: readonly string[]) => `${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padStart(widths[1]!)}  ${r[2]!.padEnd(widths[2]!)}  ${r[3]}`.trimEnd();
  return [line(['figure', 'value', 'goal', '']), line(widths.map((w) => '-'.repeat(w)).concat('')), ...rows.map(line)].join('\n');
}
