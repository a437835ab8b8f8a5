import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/shared/project-root';
import { testConfigYaml } from './morpheus';
import { before } from 'node:test';
import { describeHarness, type Harness, type HarnessOptions } from './harness';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const BIN = join(projectRoot(), 'bin', 'morpheus.js');

/** Runs `morpheus` as a separate process, the way a user does; never throws on a non-zero exit. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env['PATH'], HOME: process.env['HOME'], NO_COLOR: '1', ...env }, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * Starts `morpheus` as a separate process: `ready` resolves once its stdout matches (and rejects if it
 * exits first), `done` with its end, once all its output is read. It is killed after `timeoutMs`, so a
 * failed test cannot leave it waiting for a switch that will never end.
 */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 300_000): { ready: Promise<void>; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], NO_COLOR: '1', ...env },
    timeout: timeoutMs,
  });
  let stdout = '';
  let stderr = '';
  let signal: () => void = () => undefined;
  let exitedFirst: (err: Error) => void = () => undefined;
  const readyP = new Promise<void>((resolve, reject) => {
    signal = resolve;
    exitedFirst = reject;
  });
  readyP.catch(() => undefined); // awaited or not, an early exit is no unhandled rejection
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (ready.test(stdout)) signal();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliRun>((resolve) =>
    child.on('close', (code) => {
      exitedFirst(new Error(`morpheus ${args.join(' ')} exited (${code}) before printing ${ready}:\n${stdout}${stderr}`));
      resolve({ code: code ?? 1, stdout, stderr });
    }),
  );
  return { ready: readyP, done };
}

/** A config file for the harness's simulator and task queue, and the environment a user would have. */
export function cliSetup(
  h: Harness,
  extra: { switchSection?: string; sections?: string } = {},
): { args: (...a: string[]) => string[]; env: NodeJS.ProcessEnv; configFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'morpheus-cli-'));
  const configFile = join(dir, 'config.yaml');
  writeFileSync(
    configFile,
    testConfigYaml(h.sim, {
      taskQueue: h.config.temporal.task_queue,
      temporalAddress: h.config.temporal.address,
      ...(extra.switchSection !== undefined && { switchSection: extra.switchSection }),
      ...(extra.sections !== undefined && { sections: extra.sections }),
    }),
  );
  return { args: (...a) => ['--config', configFile, ...a], env: { PROXMOX_API_TOKEN: h.sim.token.secret }, configFile };
}

/**
 * For a `describe` block: before it, a harness (simulator, config, Temporal client, and a worker
 * unless `worker: false`) and a config file for the CLI; after it, everything closed.
 */
export function cliHarness(o: HarnessOptions & { worker?: boolean } = {}) {
  const t = describeHarness(o);
  let setup: ReturnType<typeof cliSetup> | undefined;
  before(() => {
    setup = cliSetup(t.h, {
      ...(o.switchSection !== undefined && { switchSection: o.switchSection }),
      ...(o.sections !== undefined && { sections: o.sections }),
    });
  });
  return {
    get h(): Harness {
      return t.h;
    },
    get cli(): ReturnType<typeof cliSetup> {
      return setup!;
    },
    /** Runs `morpheus --config <file> …` with the simulator's secret in the environment. */
    morpheus: (...args: string[]) => runCli(setup!.args(...args), setup!.env),
  };
}
