/**
 * Requests per endpoint pattern (`GET /nodes/{node}/qemu`), with the statuses they got, and per VM
 * for the endpoints that name one (`GET /nodes/{node}/qemu/{vmid}/config` → `{ "101": 1 }`).
 */
export class RequestCounter {
  #counts = new Map<string, { count: number; statuses: Record<string, number> }>();
  #byVm = new Map<string, Record<string, number>>();

  record(key: string, status: number | 'dropped', vmid?: string): void {
    const entry = this.#counts.get(key) ?? { count: 0, statuses: {} };
    entry.count++;
    entry.statuses[String(status)] = (entry.statuses[String(status)] ?? 0) + 1;
    this.#counts.set(key, entry);
    if (vmid === undefined) return;
    const perVm = this.#byVm.get(key) ?? {};
    perVm[vmid] = (perVm[vmid] ?? 0) + 1;
    this.#byVm.set(key, perVm);
  }

  snapshot(): { total: number; endpoints: Record<string, { count: number; statuses: Record<string, number> }>; byVm: Record<string, Record<string, number>> } {
    const sorted = <T>(m: Map<string, T>, copy: (v: T) => T) => Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, copy(v)]));
    return {
      total: [...this.#counts.values()].reduce((n, e) => n + e.count, 0),
      endpoints: sorted(this.#counts, (v) => ({ count: v.count, statuses: { ...v.statuses } })),
      byVm: sorted(this.#byVm, (v) => ({ ...v })),
    };
  }

  reset(): void {
    this.#counts.clear();
    this.#byVm.clear();
  }
}
