/** Requests per endpoint pattern (`GET /nodes/{node}/qemu`), with the statuses they got. */
export class RequestCounter {
  #counts = new Map<string, { count: number; statuses: Record<string, number> }>();

  record(key: string, status: number | 'dropped'): void {
    const entry = this.#counts.get(key) ?? { count: 0, statuses: {} };
    entry.count++;
    entry.statuses[String(status)] = (entry.statuses[String(status)] ?? 0) + 1;
    this.#counts.set(key, entry);
  }

  snapshot(): { total: number; endpoints: Record<string, { count: number; statuses: Record<string, number> }> } {
    const endpoints = Object.fromEntries([...this.#counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, { count: v.count, statuses: { ...v.statuses } }]));
    return { total: [...this.#counts.values()].reduce((n, e) => n + e.count, 0), endpoints };
  }

  reset(): void {
    this.#counts.clear();
  }
}
