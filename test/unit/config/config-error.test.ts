import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../../src/config';
import { MorpheusError } from '../../../src/errors';
import { ENV, SEED_EXAMPLE, parse } from './fixtures';

describe('ConfigError', () => {
  it('puts a single issue on the same line as the file', () => {
    const error = ConfigError.invalid('/c.yaml', ['proxmox.port: expected an integer from 1 to 65535']);
    assert.equal(error.message, 'invalid config /c.yaml: proxmox.port: expected an integer from 1 to 65535');
    assert.equal(error.hint, 'see docs/configuration.md for every key and its accepted values');
    assert.ok(error instanceof MorpheusError);
  });

  it('lists several issues one per line, indented by two spaces', () => {
    const error = ConfigError.invalid('/c.yaml', ['a: x', 'b: y']);
    assert.equal(error.message, 'invalid config /c.yaml:\n  a: x\n  b: y');
    assert.deepEqual(error.issues, ['a: x', 'b: y']);
  });

  it('stops listing after 50 issues but keeps them all in issues', () => {
    const issues = Array.from({ length: 53 }, (_, i) => `k${i}: bad`);
    const error = ConfigError.invalid('/c.yaml', issues);
    const lines = error.message.split('\n');
    assert.equal(lines.length, 52);
    assert.equal(lines.at(-1), '  ... and 3 more');
    assert.equal(error.issues.length, 53);
  });
});

describe('robustness against arbitrary input', () => {
  it('either parses or throws a ConfigError for every truncation of the example', () => {
    for (let end = 0; end <= SEED_EXAMPLE.length; end++) {
      assertParsesOrConfigError(SEED_EXAMPLE.slice(0, end));
    }
  });

  it('either parses or throws a ConfigError for random bytes and random edits', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const alphabet = ' :-[]{}&*!|>\'"#%@`,?\n\t\\$0aZ.';
    for (let round = 0; round < 300; round++) {
      assertParsesOrConfigError(Buffer.from(Array.from({ length: 1 + Math.floor(random() * 200) }, () => Math.floor(random() * 256))));
      const chars = [...SEED_EXAMPLE];
      for (let edit = 0; edit < 3; edit++) chars[Math.floor(random() * chars.length)] = alphabet[Math.floor(random() * alphabet.length)]!;
      assertParsesOrConfigError(chars.join(''));
    }
  });
});

function assertParsesOrConfigError(input: string | Uint8Array): void {
  try {
    parse(input, ENV);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `${String(err)} for input ${JSON.stringify(String(input))}`);
    for (const issue of err.issues) assert.ok(!issue.includes('\n'), `multi-line issue: ${issue}`);
  }
}
