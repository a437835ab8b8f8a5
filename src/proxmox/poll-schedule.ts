/** What earlier waits of the same kind showed: each ended after `lo` ms and by `hi` ms (0 ≤ lo < hi). */
export interface Bracket {
  readonly lo: number;
  readonly hi: number;
}

/** A schedule for one wait, and what to do with its lesson once the wait is over. */
export interface LearningSchedule {
  readonly schedule: PollSchedule;
  /** The wait ended: its probe `atMs` after the start is what the next wait of this kind starts from. */
  learn(atMs: number): void;
}

export interface PollScheduleOptions {
  /** The shortest pause between probes once past what is known, and the first probe of a wait with no history. */
  readonly tightMs?: number;
  /** The longest pause between probes. */
  readonly maxMs?: number;
  /** Past what is known, pause this fraction of the time waited so far (a wait that lasted t may well last t more). */
  readonly backoff?: number;
}

const DEFAULTS = { tightMs: 50, maxMs: 2_000, backoff: 1 / 3 } as const;

/** How narrow a bracket must be before a single probe at its end will do: 3 % of it, at least 10 ms (about what one probe costs). */
export const precision = (hiMs: number): number => Math.max(10, hiMs * 0.03);

/**
 * When to probe a wait (a Proxmox task, a guest powering off or booting) next, and what the wait
 * taught for the next one of its kind. Polls start tight and back off only as far as the expected
 * remaining time justifies:
 *
 * - Without history: the first probe after `tightMs`, then pauses of `backoff` × the time waited so
 *   far, between `tightMs` and `maxMs`: the wait ends at most a third late.
 * - With a bracket from earlier waits: probes halve what is left of it (the middle of the last probe
 *   that saw the wait running and the bracket's end) until it is narrower than `precision`, then one
 *   at its end; past the bracket, backing off as without history, counted from its end. A wait that
 *   takes as long as the last ones costs one to three probes and ends at most `precision` late.
 *
 * Each wait narrows the bracket for the next; one that was over by the first probe widens it
 * downwards, so a guest that got faster is followed within a few waits.
 */
export class PollSchedule {
  readonly #o: Required<PollScheduleOptions>;
  readonly #known: Bracket | undefined;
  #lastNotYet: number | undefined;

  constructor(known: Bracket | undefined, options: PollScheduleOptions = {}) {
    this.#o = { ...DEFAULTS, ...options };
    this.#known = known && { lo: Math.max(0, known.lo), hi: Math.max(1, Math.round(known.hi)) };
  }

  /** By when (ms after the start) earlier waits of this kind had ended; undefined without history. */
  get expectedEnd(): number | undefined {
    return this.#known?.hi;
  }

  /** The pause before the next probe, `elapsedMs` after the wait began. */
  delay(elapsedMs: number): number {
    const known = this.#known;
    if (known && elapsedMs < known.hi) {
      const low = Math.max(known.lo, this.#lastNotYet ?? 0);
      const next = known.hi - low <= precision(known.hi) ? known.hi : Math.round((low + known.hi) / 2);
      return Math.max(1, next - elapsedMs);
    }
    const pause = Math.max(0, elapsedMs - (known?.hi ?? 0)) * this.#o.backoff;
    return Math.round(Math.min(this.#o.maxMs, Math.max(this.#o.tightMs, pause)));
  }

  /** A probe `atMs` after the start found the wait not over yet. */
  notYet(atMs: number): void {
    this.#lastNotYet = Math.max(this.#lastNotYet ?? 0, atMs);
  }

  /** A probe `atMs` after the start found the wait over: the bracket for the next wait of this kind. */
  over(atMs: number): Bracket {
    const hi = Math.max(1, atMs);
    if (this.#lastNotYet !== undefined) return { lo: Math.min(this.#lastNotYet, atMs), hi: Math.max(hi, this.#lastNotYet + 1) };
    if (!this.#known) return { lo: 0, hi };
    // Over by the first probe: it may have been over long before; look lower next time.
    return { lo: Math.max(0, Math.min(this.#known.lo, atMs) - (this.#known.hi - this.#known.lo)), hi };
  }
}
