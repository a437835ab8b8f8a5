import { appendFileSync } from 'node:fs';
import { seededRandom } from '../../src/shared/seeded-random';

// Sizes of the reliability suite. CI: each kill point once, at the moment it is detected.
// MORPHEUS_RELIABILITY_LONG=1: each kill point MORPHEUS_RELIABILITY_REPEAT times (default 5), killed at
// a random offset inside the point's window and with jittered guest timings, from a printed seed
// (MORPHEUS_RELIABILITY_SEED reproduces a run). MORPHEUS_RELIABILITY_REPORT=<file> appends the figures
// of every test file as one JSON line.

const env = process.env;
export const LONG = env['MORPHEUS_RELIABILITY_LONG'] === '1';
export const REPEAT = LONG ? Math.max(1, Number(env['MORPHEUS_RELIABILITY_REPEAT'] ?? 5)) : 1;
export const SEED = env['MORPHEUS_RELIABILITY_SEED'] !== undefined ? Number(env['MORPHEUS_RELIABILITY_SEED']) : LONG ? Date.now() % 1_000_000 : 1;

/** A seeded source of randomness; in CI mode every draw is 0 (no offset, no jitter). */
export function dice(salt: number): { offset(maxMs: number): number; jitter(value: number, fraction?: number): number } {
  const random = seededRandom(SEED * 1_000 + salt);
  return {
    offset: (maxMs) => (LONG ? Math.round(random() * maxMs) : 0),
    jitter: (value, fraction = 0.3) => (LONG ? value * (1 + (random() * 2 - 1) * fraction) : value),
  };
}

/** What a reliability file reports: runs, kills, completed switches, GPU overlaps, time to recover. */
export class CrashFigures {
  runs = 0;
  kills = 0;
  completed = 0;
  overlaps = 0;
  doubleStarts = 0;
  readonly recoveries: { point: string; ms: number }[] = [];

  constructor(readonly name: string) {}

  recovered(point: string, ms: number): void {
    this.recoveries.push({ point, ms });
  }

  summary(): string {
    const worst = this.recoveries.reduce<{ point: string; ms: number } | undefined>((w, r) => (!w || r.ms > w.ms ? r : w), undefined);
    return (
      `${this.name}: ${this.runs} runs, ${this.kills} kills, ${this.completed} switches completed, ${this.overlaps} GPU overlaps, ` +
      `${this.doubleStarts} double starts, max time to recover ${worst ? `${(worst.ms / 1000).toFixed(1)} s (${worst.point})` : 'n/a'}` +
      ` [${LONG ? `long, ×${REPEAT}` : 'CI'}, seed ${SEED}]`
    );
  }

  /** Prints the summary (node:test shows it with the file's output) and appends it to the report file, if any. */
  report(): void {
    console.log(`# ${this.summary()}`);
    const { name, runs, kills, completed, overlaps, doubleStarts, recoveries } = this;
    recordFigures(name, { runs, kills, completed, overlaps, doubleStarts, recoveries });
  }
}

/** Appends one file's figures as a JSON line to $MORPHEUS_RELIABILITY_REPORT, when it is set. */
export function recordFigures(name: string, figures: object): void {
  const file = env['MORPHEUS_RELIABILITY_REPORT'];
  if (file) appendFileSync(file, `${JSON.stringify({ name, long: LONG, repeat: REPEAT, seed: SEED, ...figures })}\n`);
}
