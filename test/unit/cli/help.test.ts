import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Command } from 'commander';
import { buildProgram } from '../../../src/cli/program';
import { runMain } from '../../support/cli-in-process';

/** Every command path of the CLI, e.g. ['mode', 'switch'], read from the program itself. */
function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((c) => [[...prefix, c.name()], ...commandPaths(c, [...prefix, c.name()])]);
}

const paths = commandPaths(buildProgram({ stdout: process.stdout, stderr: process.stderr, env: {} }, () => undefined));

describe('--help on every command', () => {
  it('covers the commands users know', () => {
    const names = paths.map((p) => p.join(' '));
    for (const expected of ['mode list', 'mode status', 'mode switch', 'mode start', 'mode stop', 'mode watch', 'worker', 'sim', 'demo', 'help']) {
      assert.ok(names.includes(expected), `${expected} missing from ${names.join(', ')}`);
    }
  });

  for (const path of [[], ...paths]) {
    it(`\`morpheus ${[...path, '--help'].join(' ')}\` prints usage and examples, exit 0`, async () => {
      const r = await runMain([...path, '--help']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^Usage: morpheus${path.map((p) => ` ${p}`).join('')} `));
      assert.match(r.stdout, /\nExamples:\n {2}\$ morpheus /);
      assert.equal(r.stderr, '');
    });
  }
});

describe('morpheus help <command>', () => {
  it('prints the same help as --help, for a command and a subcommand', async () => {
    for (const path of [['worker'], ['mode', 'switch']]) {
      const viaHelp = await runMain(['help', ...path]);
      assert.equal(viaHelp.code, 0, viaHelp.stderr);
      assert.equal(viaHelp.stdout, (await runMain([...path, '--help'])).stdout);
    }
  });

  it('refuses an unknown name with exit 2 and a suggestion, instead of printing the top-level help', async () => {
    const r = await runMain(['help', 'mdoe']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, "error: unknown command 'mdoe' for morpheus\nhint: did you mean `morpheus mode`?\n");
    const sub = await runMain(['help', 'mode', 'swtich']);
    assert.equal(sub.code, 2);
    assert.match(sub.stderr, /did you mean `morpheus mode switch`\?/);
    const far = await runMain(['help', 'qqqq']);
    assert.match(far.stderr, /hint: `morpheus --help` lists the commands/);
  });
});

describe('morpheus --version', () => {
  const { version } = require('../../../../package.json') as { version: string };

  it('prints the package version alone, exit 0, with either spelling, from the fast path and through commander alike', async () => {
    for (const args of [['--version'], ['-V'], ['--no-color', '--version']]) {
      const r = await runMain(args);
      assert.deepEqual(r, { code: 0, stdout: `${version}\n`, stderr: '' }, args.join(' '));
    }
  });
});
