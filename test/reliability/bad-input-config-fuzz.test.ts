import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseConfigText } from '../../src/config';
import { outcomeProblems } from '../support/config-error-shape';
import { FUZZ_SEED as SEED_TEXT, mutatedConfigs } from '../support/config-fuzz';
import { runParseCases } from '../support/config-parse-runner';
import { FUZZ_SEED, LONG, reportFigures } from '../support/input-figures';

// A few hundred (MORPHEUS_RELIABILITY_LONG=1: thousands of) configs made from a valid one by seeded
// random edits of its data and of its text. Each must parse or end in a well-formed ConfigError, within
// a bounded time: parses run in a worker thread that is stopped if one takes longer than BOUND_MS.

const COUNT = LONG ? 5_000 : 400;
const BOUND_MS = 30_000;
const BUDGET_MS = 5_000;
const SOURCE = 'fuzz.yaml';
const SECRET = 'fuzz-canary-5f1d2c9e-secret';
const ENV = { PROXMOX_API_TOKEN: SECRET };

describe('the config loader against mutated files', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'morpheus-fuzz-'));
    writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('starts from a seed that is itself a valid config using every section', () => {
    const { config } = parseConfigText(SEED_TEXT, { source: SOURCE, env: ENV, baseDir: dir });
    assert.deepEqual(Object.keys(config.proxmox.modes), ['linuxvrstreaming', 'windowsvrstreaming', 'nimsforestnogpu', 'nimsforestsharedgpu']);
    assert.equal(config.proxmox.api_token_secret, SECRET);
  });

  it('makes the same mutants from the same seed, so a failure can be replayed', () => {
    assert.deepEqual(mutatedConfigs(FUZZ_SEED, 20), mutatedConfigs(FUZZ_SEED, 20));
  });

  it(`ends each of ${COUNT} mutants in a config or a ConfigError of one "<key path>: <message>" line per issue, never a hang`, async () => {
    const started = Date.now();
    const run = await runParseCases({ kind: 'mutated', seed: FUZZ_SEED, count: COUNT }, { sourceName: SOURCE, env: ENV, baseDir: dir, boundMs: BOUND_MS });
    assert.equal(run.results.length, COUNT);
    const failures = run.results.flatMap((r) => outcomeProblems(r.outcome, SOURCE, [SECRET]).map((p) => `${r.name}: ${p}`));
    assert.deepEqual(failures.slice(0, 10), [], `${failures.length} of ${COUNT} mutants failed (MORPHEUS_RELIABILITY_SEED=${FUZZ_SEED} replays them)`);

    const errors = run.results.flatMap((r) => (r.outcome.kind === 'config-error' ? [r.outcome] : []));
    const single = errors.filter((e) => e.issues.length === 1).length;
    // The mutations must mostly break the file, or this would test little.
    assert.ok(errors.length > COUNT / 2, `only ${errors.length} of ${COUNT} mutants were rejected`);
    assert.ok(run.slowest.ms < BUDGET_MS, `the slowest parse took ${run.slowest.ms.toFixed(0)} ms: ${run.slowest.name}`);
    reportFigures('config fuzz', {
      cases: COUNT,
      seed: FUZZ_SEED,
      parsed: COUNT - errors.length,
      'single-issue errors': single,
      'multi-issue errors': errors.length - single,
      'slowest parse ms': Math.round(run.slowest.ms),
      'slowest case': JSON.stringify(run.slowest.name),
      'wall ms': Date.now() - started,
    });
  });
});
