import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServer } from '../src/devserver/dev-server';
import { projectRoot } from '../src/shared/project-root';
import { ensureTemporalCli } from '../src/devserver/temporal-cli';
import { simulatorConfigYaml } from '../src/simulator/config-snippet';
import { startSimulator } from '../src/simulator/server';
import { ratioLine } from './stats';

// Cold start of `morpheus mode list` (a new process each time, as a user runs it) against the
// simulator and a Temporal dev server, next to two baselines from the same run: a bare `node -e ""`
// and a process that only requires @temporalio/client. Usage: node dist/bench/cli-startup.js [runs=15]
async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 15);
  const sim = await startSimulator({ keyType: 'ec', timeScale: 0.01, port: 0 });
  const token = sim.tokens[0]!;
  const dir = mkdtempSync(join(tmpdir(), 'morpheus-bench-'));
  const config = join(dir, 'config.yaml');
  writeFileSync(config, simulatorConfigYaml({ host: sim.host, port: sim.port, node: sim.node, tokenId: token.id, fingerprint: sim.fingerprint }));
  const cli = await ensureTemporalCli((line) => console.error(line));
  const server = await startDevServer({ cliPath: cli.path, uiPort: false });
  const env = { ...process.env, PROXMOX_API_TOKEN: token.secret, NO_COLOR: '1', TEMPORAL_ADDRESS: server.address };
  const bin = join(projectRoot(), 'bin', 'morpheus.js');
  // execFileSync blocks the event loop the simulator runs on, so the CLI runs asynchronously instead.
  const { execFile } = await import('node:child_process');
  const time = (args: string[], extraEnv = env) =>
    new Promise<number>((resolve, reject) => {
      const started = process.hrtime.bigint();
      execFile(process.execPath, args, { env: extraEnv, cwd: projectRoot() }, (err) => (err && err.code !== 0 && !args.includes('list') ? reject(err) : resolve(Number(process.hrtime.bigint() - started) / 1e6)));
    });
  execFileSync(process.execPath, ['-e', '']);
  const bare: number[] = [];
  const client: number[] = [];
  const list: number[] = [];
  for (let i = 0; i < runs; i++) {
    bare.push(await time(['-e', '']));
    client.push(await time(['-e', "require('@temporalio/client')"]));
    list.push(await time([bin, '--config', config, 'mode', 'list']));
  }
  await sim.close();
  await server.stop();
  console.log(ratioLine('node + require(@temporalio/client)', client, bare, 'bare node startup'));
  console.log(ratioLine('morpheus mode list (cold process)', list, bare, 'bare node startup'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
