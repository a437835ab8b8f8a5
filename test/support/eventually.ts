/**
 * Polls `probe` until it returns a value other than undefined, or throws after `timeoutMs` with the
 * last thing it saw: for state that other processes change (the simulator, Temporal's visibility).
 */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, o: { timeoutMs?: number; everyMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (o.timeoutMs ?? 30_000);
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      last = 'nothing yet';
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${o.timeoutMs ?? 30_000} ms (last: ${last instanceof Error ? last.message : String(last)})`);
    await new Promise((r) => setTimeout(r, o.everyMs ?? 100));
  }
}
