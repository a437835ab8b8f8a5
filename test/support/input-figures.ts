import { appendFileSync } from 'node:fs';

// Figures of the bad-input, secrets and TLS reliability files, reported like crash-figures.ts does:
// a `# name: ...` line in the test output and, with MORPHEUS_RELIABILITY_REPORT=<file>, one JSON line.

export const LONG = process.env['MORPHEUS_RELIABILITY_LONG'] === '1';
/** The fuzz seed: MORPHEUS_RELIABILITY_SEED reproduces a run; CI uses a fixed one, long runs a fresh one. */
export const FUZZ_SEED =
  process.env['MORPHEUS_RELIABILITY_SEED'] !== undefined ? Number(process.env['MORPHEUS_RELIABILITY_SEED']) : LONG ? Date.now() % 1_000_000 : 20_251_125;

export function reportFigures(name: string, figures: Record<string, string | number | boolean>): void {
  const text = Object.entries(figures)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.log(`# ${name}: ${text} [${LONG ? 'long' : 'CI'}]`);
  const file = process.env['MORPHEUS_RELIABILITY_REPORT'];
  if (file) appendFileSync(file, `${JSON.stringify({ name, long: LONG, ...figures })}\n`);
}
