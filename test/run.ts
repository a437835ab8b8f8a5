import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startDevServer } from '../src/devserver/dev-server';
import { projectRoot } from '../src/shared/project-root';
import { ensureTemporalCli } from '../src/devserver/temporal-cli';

// The test entry point (`npm test`): starts one Temporal dev server for the whole run, runs every
// compiled test file with node:test one file at a time (2 cores, one shared server), then stops the
// server, also when tests fail or the run is interrupted.
// Usage: node dist/test/run.js [--only unit|integration|reliability] [file filter substring]

const SUITES = ['unit', 'integration', 'reliability'] as const;

function testFiles(dir: string): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  for (const name of entries.sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out = out.concat(testFiles(full));
    else if (name.endsWith('.test.js')) out.push(full);
  }
  return out;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const onlyIdx = args.indexOf('--only');
  const only = onlyIdx >= 0 ? args.splice(onlyIdx, 2)[1] : undefined;
  const filter = args[0];
  const root = join(projectRoot(), 'dist', 'test');
  const suites = SUITES.filter((s) => only === undefined || s === only);
  const files = suites.flatMap((s) => testFiles(join(root, s))).filter((f) => !filter || f.includes(filter));
  if (files.length === 0) {
    console.error(`no test files matched (${only ?? 'all suites'}${filter ? `, filter "${filter}"` : ''})`);
    return 1;
  }
  const needsServer = suites.some((s) => s !== 'unit');
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  let stop: () => Promise<void> = async () => undefined;
  const scratch = mkdtempSync(join(tmpdir(), 'morpheus-test-'));
  if (needsServer) {
    const cli = await ensureTemporalCli((line) => console.error(line));
    const started = Date.now();
    const server = await startDevServer({ cliPath: cli.path, uiPort: false, dbFile: join(scratch, 'temporal.db') });
    stop = server.stop;
    env['MORPHEUS_TEST_TEMPORAL_ADDRESS'] = server.address;
    env['MORPHEUS_TEST_TEMPORAL_CLI'] = cli.path;
    console.error(`Temporal dev server at ${server.address} (${cli.source}: ${cli.path}), ready in ${Date.now() - started} ms`);
  }
  const interrupted = new Promise<number>((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve(130));
  });
  try {
    console.error(`running ${files.length} test files: ${files.map((f) => relative(root, f)).join(', ')}`);
    const child = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], { stdio: 'inherit', env });
    const code = await Promise.race([new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1))), interrupted]);
    if (code === 130) child.kill('SIGTERM');
    return code;
  } finally {
    await stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
