interface Scheduled {
  readonly at: number;
  readonly seq: number;
  /** The VM the change belongs to, so {@link EventQueue.takeFor} can bring it forward. */
  readonly vmid: number | undefined;
  readonly run: () => void;
}

/**
 * Future state changes of the simulated host, applied lazily: before every request the server runs
 * every event that is due, in time order. No timers run in the background, so a simulator that is
 * not asked anything does nothing, and a model test can move a manual clock.
 */
export class EventQueue {
  #events: Scheduled[] = [];
  #seq = 0;

  schedule(at: number, run: () => void, vmid?: number): void {
    this.#events.push({ at, seq: this.#seq++, vmid, run });
    this.#events.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  /** Runs due events in order; an event may schedule more, which run too if due. */
  runUntil(now: number, setTime: (t: number) => void): void {
    for (let next = this.#events[0]; next && next.at <= now; next = this.#events[0]) {
      this.#events.shift();
      setTime(next.at);
      next.run();
    }
    setTime(now);
  }

  /** Removes every pending event of `vmid` and returns what they would run, in time order. */
  takeFor(vmid: number): (() => void)[] {
    const taken = this.#events.filter((e) => e.vmid === vmid);
    this.#events = this.#events.filter((e) => e.vmid !== vmid);
    return taken.map((e) => e.run);
  }

  clear(): void {
    this.#events = [];
  }
}
