import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError, parseConfigText } from '../../src/config';
import { issueKey, outcomeProblems, type ParseOutcome } from '../support/config-error-shape';
import { runParseCases, type ParseRun } from '../support/config-parse-runner';
import { reportFigures } from '../support/input-figures';
import { BASE, edit, nastyConfigs } from '../support/nasty-configs';

// Hand-written hostile configs: wrong types, duplicate vmids, unknown conflicts, unset variables, huge
// numbers, bytes that are not UTF-8, alias bombs, deep nesting (and the ways found around the depth
// checks), NUL bytes, control characters, megabyte values. Parsed in a worker thread that is stopped
// when one parse takes longer than BOUND_MS.

const SOURCE = 'nasty.yaml';
const SECRET = 'nasty-canary-77c1e0b4-secret';
const BOUND_MS = 30_000;
const BUDGET_MS = 10_000;
const CASES = nastyConfigs();

describe('the config loader against hand-written hostile files', () => {
  let dir: string;
  let run: ParseRun;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'morpheus-nasty-'));
    run = await runParseCases({ kind: 'nasty' }, { sourceName: SOURCE, env: { PROXMOX_API_TOKEN: SECRET }, baseDir: dir, boundMs: BOUND_MS });
    reportFigures('hostile configs', {
      cases: run.results.length,
      'slowest parse ms': Math.round(run.slowest.ms),
      'slowest case': JSON.stringify(run.slowest.name),
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  CASES.forEach((c, index) => {
    const expect = c.expect;
    const what =
      expect === 'parsed'
        ? 'accepts'
        : typeof expect === 'string' || expect instanceof RegExp
          ? 'rejects with one key-path line'
          : 'rejects with well-formed lines';
    it(`${what}: ${c.name}`, () => {
      const result = run.results[index]!;
      assert.equal(result.name, c.name);
      assert.deepEqual(outcomeProblems(result.outcome, SOURCE, [SECRET]), []);
      assert.ok(result.ms < BUDGET_MS, `took ${result.ms.toFixed(0)} ms`);
      const outcome = result.outcome;
      if (expect === 'parsed') return assert.equal(outcome.kind, 'parsed');
      assert.equal(outcome.kind, 'config-error', 'expected a ConfigError');
      if (outcome.kind !== 'config-error' || expect === undefined) return;
      assert.equal(outcome.issues.length, 1, `expected one issue, got ${JSON.stringify(outcome.issues.slice(0, 5))}`);
      const issue = outcome.issues[0]!;
      assert.equal(outcome.message, `invalid config ${SOURCE}: ${issue}`);
      if (typeof expect === 'string') assert.equal(issue, expect);
      else assert.match(issue, expect);
    });
  });

  it('never pollutes Object.prototype through __proto__ keys', () => {
    const text = `__proto__: {polluted: 1}\n${edit('    linux:', '    __proto__: {polluted: 2}\n    linux:')}`;
    assert.throws(() => parseConfigText(text, { source: SOURCE, env: { PROXMOX_API_TOKEN: SECRET } }), ConfigError);
    assert.equal((Object.prototype as Record<string, unknown>)['polluted'], undefined);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });

  it('reads the base of these cases as a valid config', () => {
    assert.equal(parseConfigText(BASE, { source: SOURCE, env: { PROXMOX_API_TOKEN: SECRET } }).config.proxmox.api_token_secret, SECRET);
  });
});

describe('the well-formedness check itself', () => {
  const error = (issues: string[], message = `invalid config ${SOURCE}: ${issues[0]}`): ParseOutcome => ({
    kind: 'config-error',
    message,
    issues,
    hint: undefined,
  });

  it('accepts key paths, positions and whole-file problems', () => {
    for (const issue of ['proxmox.modes["a b"].conflicts_with[0]: x', 'top level: x', '3:14: x', 'not valid UTF-8; save the file as UTF-8']) {
      assert.deepEqual(outcomeProblems(error([issue]), SOURCE, []), [], issue);
    }
    assert.equal(issueKey('proxmox.modes.x.vmid: VM 1 is already used'), 'proxmox.modes.x.vmid');
    assert.equal(issueKey('proxmox.modes["[ {a: b} ]"]: invalid mode name'), 'proxmox.modes["[ {a: b} ]"]');
    assert.equal(issueKey('proxmox.modes["a\\"b: c"].vmid: x'), 'proxmox.modes["a\\"b: c"].vmid');
  });

  it('catches other exceptions, lines without a key, line breaks, bad layouts and secrets', () => {
    assert.equal(outcomeProblems({ kind: 'other', name: 'TypeError', message: 'x', stack: undefined }, SOURCE, []).length, 1);
    assert.equal(outcomeProblems(error(['something went wrong']), SOURCE, []).length, 1);
    assert.equal(outcomeProblems(error(['proxmox.host: a\u2028b']), SOURCE, []).length, 1);
    assert.equal(outcomeProblems(error(['a: x', 'b: y'], 'invalid config nasty.yaml: a: x; b: y'), SOURCE, []).length, 1);
    assert.equal(outcomeProblems(error(['proxmox.node: has s3cret']), SOURCE, ['s3cret']).length, 1);
  });
});
