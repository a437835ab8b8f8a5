interface Scheduled {
  readonly at: number;
  readonly seq: number;
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

  schedule(at: number, run: () => void): void {
    this.#events.push({ at, seq: this.#seq++, run });
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

  clear(): void {
    this.#events = [];
  }
}
