import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { simulatorConfigYaml } from '../../src/simulator/config-snippet';
import { runCli, type CliRun } from '../support/cli';
import { runMain } from '../support/cli-in-process';
import { spawnMorpheus } from '../support/process';

// Command-line input the CLI must refuse with exit 2 and a message that says what was meant, before it
// starts or contacts anything: unknown options, commands and modes, extra arguments, bad numbers.
// The cases run through the CLI's entry point in this process; a few also as real processes, to show
// the two agree. (errors.test.ts covers `--froce`, `mode swich` and `mode switch linuxvr`.)

const STACK = /\n\s+at .+[(:]\d+:\d+\)?/;

function usageError(r: CliRun, stderr: RegExp): void {
  assert.equal(r.code, 2, `exit ${r.code}\n${r.stdout}${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, stderr);
  assert.doesNotMatch(r.stderr, STACK);
}

describe('bad command-line arguments', () => {
  let dir: string;
  let config: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'morpheus-args-'));
    config = join(dir, 'config.yaml');
    // Nothing listens on port 1: every case here must fail before any connection.
    writeFileSync(
      config,
      simulatorConfigYaml({ host: '127.0.0.1', port: 1, node: 'pve', tokenId: 'morpheus@pam!morpheus-token', fingerprint: Array(32).fill('AB').join(':') }),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const env = { PROXMOX_API_TOKEN: 'x', TEMPORAL_ADDRESS: '127.0.0.1:1' };
  const morpheus = (...args: string[]) => runMain(['--config', config, ...args], env);

  const unknownOptions: [string[], string, string][] = [
    [['mode', 'list', '--jsn'], '--jsn', '--json'],
    [['mode', 'status', '--jason'], '--jason', '--json'],
    [['mode', 'watch', '--josn'], '--josn', '--json'],
    [['mode', 'start', 'nimsforestnogpu', '--dryrun'], '--dryrun', '--dry-run'],
    [['mode', 'stop', 'nimsforestnogpu', '--no-wiat'], '--no-wiat', '--no-wait'],
    [['mode', 'switch', 'nimsforestnogpu', '--no-rolback'], '--no-rolback', '--no-rollback'],
    [['worker', '--dev-sever'], '--dev-sever', '--dev-server'],
    [['sim', '--scenaro', 'x.yaml'], '--scenaro', '--scenario'],
    [['demo', '--no-sty'], '--no-sty', '--no-stay'],
    [['--confg', 'x.yaml', 'mode', 'list'], '--confg', '--config'],
    [['--no-colour', 'mode', 'list'], '--no-colour', '--no-color'],
  ];
  for (const [args, given, meant] of unknownOptions) {
    it(`refuses ${given} in \`${args.join(' ')}\`, suggesting ${meant}`, async () => {
      usageError(await morpheus(...args), new RegExp(`^error: unknown option '${given}'\\n\\(Did you mean ${meant}\\?\\)\\n$`));
    });
  }

  it('refuses --force on mode stop, where it means nothing', async () => {
    usageError(await morpheus('mode', 'stop', 'nimsforestnogpu', '--force'), /^error: unknown option '--force'\n/);
  });

  for (const [args, given, meant] of [
    [['mdoe', 'list'], 'mdoe', 'mode'],
    [['mode', 'lst'], 'lst', 'list'],
    [['mode', 'stauts'], 'stauts', 'status'],
    [['wroker'], 'wroker', 'worker'],
  ] as const) {
    it(`refuses the unknown command ${given}, suggesting ${meant}`, async () => {
      usageError(await morpheus(...args), new RegExp(`^error: unknown command '${given}'\\n\\(Did you mean ${meant}\\?\\)\\n$`));
    });
  }

  for (const [verb, given, meant] of [
    ['start', 'nimsforestnogp', 'nimsforestnogpu'],
    ['stop', 'linuxvrstream', 'linuxvrstreaming'],
    ['switch', 'WindowsVRStreaming', 'windowsvrstreaming'],
  ] as const) {
    it(`refuses the unknown mode ${given} for mode ${verb}, suggesting ${meant}`, async () => {
      const r = await morpheus('mode', verb, given);
      usageError(
        r,
        new RegExp(
          `^error: unknown mode "${given}"; did you mean "${meant}"\\?\\nhint: known modes: linuxvrstreaming, windowsvrstreaming, nimsforestnogpu, nimsforestsharedgpu`,
        ),
      );
      assert.doesNotMatch(r.stderr, /cannot reach|Temporal/);
    });
  }

  it('refuses a mode nothing resembles, listing the known ones', async () => {
    usageError(await morpheus('mode', 'switch', 'gaming'), /^error: unknown mode "gaming"\nhint: known modes: linuxvrstreaming, /);
  });

  it('refuses an unknown demo target at once, before starting a simulator and Temporal', async () => {
    const started = Date.now();
    usageError(
      await morpheus('demo', '--to', 'windowsvr', '--no-stay'),
      /^error: unknown mode "windowsvr"; did you mean "windowsvrstreaming"\?\nhint: the demo's modes: /,
    );
    assert.ok(Date.now() - started < 10_000);
  });

  for (const args of [
    ['mode', 'list', 'extra'],
    ['mode', 'status', 'now'],
    ['mode', 'watch', 'x'],
    ['mode', 'switch', 'linuxvrstreaming', 'windowsvrstreaming'],
    ['sim', '8006'],
    ['worker', 'now'],
    ['demo', 'windowsvrstreaming'],
  ]) {
    it(`refuses the extra argument in \`${args.join(' ')}\``, async () => {
      usageError(await morpheus(...args), /^error: too many arguments for '\w+'\. Expected \d arguments? but got \d\.\n$/);
    });
  }

  it('asks for the mode when it is missing', async () => {
    usageError(await morpheus('mode', 'switch'), /^error: missing required argument 'mode'\n$/);
  });

  const badNumbers: [string[], string][] = [
    ...['abc', '-1', '65536', '1.5', '0x10', '', '1e3', ' 80', '99999999999999999999'].map((v): [string[], string] => [
      ['sim', '--port', v],
      "option '-p, --port <n>' argument '" + v + "' is invalid. --port must be an integer from 0 to 65535",
    ]),
    ...['0', '70000', 'abc'].map((v): [string[], string] => [
      ['worker', '--ui-port', v],
      "option '--ui-port <n>' argument '" + v + "' is invalid. --ui-port must be an integer from 1 to 65535",
    ]),
    ...['0', '-1', 'abc', '101', '0x10', 'NaN', 'Infinity', '1e400', '', ' 1'].map((v): [string[], string] => [
      ['sim', '--port', '0', '--time-scale', v],
      "option '--time-scale <x>' argument '" + v + "' is invalid. --time-scale must be a positive number up to 100, e.g. 0.1",
    ]),
    [['demo', '--time-scale', '0b1'], "option '--time-scale <x>' argument '0b1' is invalid. --time-scale must be a positive number up to 100, e.g. 0.1"],
  ];
  for (const [args, message] of badNumbers) {
    it(`refuses \`${args.map((a) => JSON.stringify(a)).join(' ')}\` with a clear error`, async () => {
      const r = await morpheus(...args);
      assert.equal(r.code, 2, `exit ${r.code}\n${r.stdout}${r.stderr}`);
      assert.equal(r.stderr, `error: ${message}\n`);
      assert.equal(r.stdout, '');
    });
  }

  it('answers the same as a real process: same exit code, same stderr, nothing on stdout', async () => {
    for (const args of [
      ['mode', 'list', '--jsn'],
      ['mode', 'lst'],
      ['mode', 'start', 'nimsforestnogp'],
      ['mode', 'list', 'extra'],
      ['sim', '--port', '0x10'],
      ['sim', '--time-scale', '0x10'],
    ]) {
      const [inProcess, spawned] = await Promise.all([morpheus(...args), runCli(['--config', config, ...args], env, 30_000)]);
      assert.deepEqual(spawned, inProcess, args.join(' '));
      assert.equal(spawned.code, 2);
    }
  });

  it('accepts a time scale in scientific notation and port 0', async () => {
    const sim = spawnMorpheus(['sim', '--port', '0', '--time-scale', '5e-2']);
    try {
      await sim.waitFor(/Time scale: +0\.05 real seconds per simulated second/, 30_000);
    } finally {
      sim.child.kill('SIGINT');
      assert.equal(await sim.exited, 0);
    }
  });
});
