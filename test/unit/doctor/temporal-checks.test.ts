import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doctorExitCode } from '../../../src/doctor/check';
import { check, configText, facts, run, withStatus } from './fixtures';

describe('the Temporal check', () => {
  it('fails when Temporal cannot be reached, and skips the worker and schedule checks; exit 6', () => {
    const results = run(
      facts({
        temporal: {
          connected: { ok: false, error: { kind: 'no-answer', message: 'Failed to connect before the deadline' } },
          searchAttributes: undefined,
          workerPolling: undefined,
          schedules: undefined,
        },
      }),
    );
    assert.deepEqual(withStatus(results, 'fail'), ['temporal']);
    assert.equal(check(results, 'temporal').summary, 'cannot reach Temporal at localhost:7233: Failed to connect before the deadline');
    assert.deepEqual(withStatus(results, 'skip'), ['worker', 'schedules']);
    assert.equal(doctorExitCode(results), 6);
  });

  it('fails when search attributes are missing, with the command that creates each', () => {
    const c = check(run(facts({ temporal: { searchAttributes: { ok: true, value: { MorpheusHost: 'Keyword', MorpheusOutcome: 'Text' } } } })), 'temporal');
    assert.equal(c.status, 'fail');
    assert.match(
      c.summary,
      /MorpheusFromMode is not registered; MorpheusToMode is not registered; MorpheusRequestedBy is not registered; MorpheusOutcome is a Text, not a Keyword/,
    );
    assert.deepEqual(
      c.fix.slice(0, 3),
      ['MorpheusFromMode', 'MorpheusToMode', 'MorpheusRequestedBy'].map(
        (n) => `temporal operator search-attribute create --address localhost:7233 --namespace default --name ${n} --type Keyword`,
      ),
    );
  });
});

describe('the worker check', () => {
  it('fails when nothing polls the task queue; exit 6', () => {
    const results = run(facts({ temporal: { workerPolling: { ok: true, value: false } } }));
    assert.deepEqual(withStatus(results, 'fail'), ['worker']);
    assert.match(check(results, 'worker').summary, /^no worker polls task queue "morpheus-pve" at localhost:7233 \(namespace default\)/);
    assert.equal(doctorExitCode(results), 6);
  });
});

describe('the schedules check', () => {
  it('fails for a stored schedule whose mode the config does not have, saying how to fix it; exit 4', () => {
    const results = run(
      facts({
        temporal: {
          schedules: {
            ok: true,
            value: [
              { name: 'vr-friday', mode: 'windowsvrstreaming', managedBy: 'cli' },
              { name: 'old', mode: 'gaming', managedBy: 'cli' },
            ],
          },
        },
      }),
    );
    assert.deepEqual(withStatus(results, 'fail'), ['schedules']);
    const c = check(results, 'schedules');
    assert.deepEqual(c.details, [
      '✓ vr-friday (made with schedule add): windowsvrstreaming',
      '✗ old (made with schedule add): "gaming" is not a mode of the config; every fire is refused',
    ]);
    assert.match(c.fix[0]!, /^morpheus schedule delete old, then add it again with one of: linuxvrstreaming, /);
    assert.equal(doctorExitCode(results), 4);
  });

  it('accepts a schedule naming a mode by an alias', () => {
    const text = configText().replace('    windowsvrstreaming:\n', '    windowsvrstreaming:\n      aliases: [win]\n');
    const c = check(run(facts({ text, temporal: { schedules: { ok: true, value: [{ name: 'w', mode: 'win', managedBy: 'cli' }] } } })), 'schedules');
    assert.deepEqual([c.status, c.details], ['ok', ['✓ w (made with schedule add): windowsvrstreaming']]);
  });

  it("warns when the config's schedules: block and Temporal differ", () => {
    const c = check(run(facts({ temporal: { unsynced: ['nightly'] } })), 'schedules');
    assert.equal(c.status, 'warn');
    assert.deepEqual(c.fix, ['morpheus schedule sync --dry-run shows the difference; morpheus schedule sync applies it']);
  });
});
