import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDevServer } from '../../src/devserver/dev-server';
import { freePort } from '../../src/devserver/free-port';
import { projectRoot } from '../../src/shared/project-root';
import { testConfigYaml } from '../support/morpheus';
import { isLoopback, listeningSockets, processTree } from '../support/listening';
import { spawnMorpheus } from '../support/process';
import { startTestSimulator, type TestSimulator } from '../support/simulator';

// What Morpheus listens on: the simulator and the Temporal dev server it starts must accept
// connections on loopback only. Checked in the kernel's socket tables (/proc/net/tcp, tcp6) for the
// processes concerned; no traffic is sent anywhere but 127.0.0.1.

const TEMPORAL_CLI = process.env['MORPHEUS_TEST_TEMPORAL_CLI'];
const onLinux = process.platform === 'linux' || 'needs /proc';
const needsCli = onLinux !== true ? onLinux : !TEMPORAL_CLI && 'needs the Temporal CLI of `npm test`';

function assertLoopbackOnly(pids: readonly number[], mustInclude: readonly number[]): void {
  const sockets = listeningSockets(pids);
  for (const port of mustInclude)
    assert.ok(
      sockets.some((s) => s.port === port),
      `nothing listens on port ${port}: ${JSON.stringify(sockets)}`,
    );
  const wide = sockets.filter((s) => !isLoopback(s.address));
  assert.deepEqual(wide, [], `listening beyond loopback: ${JSON.stringify(wide)}`);
}

describe('listening addresses', () => {
  let dir: string;
  let sim: TestSimulator;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'morpheus-listen-'));
    sim = await startTestSimulator();
  });
  after(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the in-process simulator listens on 127.0.0.1 only, as it says', { skip: onLinux !== true && onLinux }, () => {
    assert.equal(sim.host, '127.0.0.1');
    assert.equal(sim.url, `https://127.0.0.1:${sim.port}`);
    assert.deepEqual(
      listeningSockets([process.pid]).filter((s) => s.port === sim.port),
      [{ address: '127.0.0.1', port: sim.port }],
    );
    assertLoopbackOnly([process.pid], [sim.port]);
  });

  it('`morpheus sim` listens on 127.0.0.1 only, on the port it prints', { skip: onLinux !== true && onLinux }, async () => {
    const proc = spawnMorpheus(['sim', '--port', '0']);
    try {
      const [, port] = await proc.waitFor(/listening on https:\/\/127\.0\.0\.1:(\d+)/);
      await proc.waitFor(/Press Ctrl-C to stop/);
      assert.deepEqual(listeningSockets(processTree(proc.child.pid!)), [{ address: '127.0.0.1', port: Number(port) }]);
    } finally {
      proc.child.kill('SIGINT');
      await proc.exited;
    }
  });

  it('the Temporal dev server Morpheus starts listens on 127.0.0.1 only, Web UI included', { skip: needsCli !== false && needsCli }, async () => {
    const uiPort = await freePort();
    const server = await startDevServer({ cliPath: TEMPORAL_CLI!, uiPort, dbFile: join(dir, 'temporal.db') });
    try {
      const args = server.process.spawnargs;
      assert.equal(args[args.indexOf('--ip') + 1], '127.0.0.1');
      assert.match(server.address, /^127\.0\.0\.1:\d+$/);
      assert.equal(server.uiUrl, `http://127.0.0.1:${uiPort}`);
      assertLoopbackOnly(processTree(server.process.pid!), [Number(server.address.split(':')[1]), uiPort]);
    } finally {
      await server.stop();
    }
  });

  it(
    '`morpheus worker --dev-server` listens on 127.0.0.1 only: the worker not at all, its Temporal on loopback',
    { skip: needsCli !== false && needsCli },
    async () => {
      const [grpc, ui] = [await freePort(), await freePort()];
      const config = join(dir, 'worker.yaml');
      writeFileSync(config, testConfigYaml(sim, { taskQueue: 'listen-test', temporalAddress: `127.0.0.1:${grpc}` }));
      const worker = spawnMorpheus(['--config', config, 'worker', '--dev-server', '--db', join(dir, 'worker.db'), '--ui-port', String(ui)], {
        PROXMOX_API_TOKEN: sim.token.secret,
        TEMPORAL_CLI_PATH: TEMPORAL_CLI!,
      });
      try {
        await worker.waitFor(/Morpheus worker for host pve/, 120_000);
        const tree = processTree(worker.child.pid!);
        assert.ok(tree.length >= 2, 'the dev server runs as a child of the worker');
        assert.deepEqual(listeningSockets([worker.child.pid!]), [], 'the worker process itself listens on nothing');
        assertLoopbackOnly(tree, [grpc, ui]);
      } finally {
        worker.child.kill('SIGTERM');
        assert.equal(await worker.exited, 0, worker.output());
      }
    },
  );

  it('every listen() in the sources names 127.0.0.1, and docker-compose publishes ports on 127.0.0.1 only', () => {
    const root = projectRoot();
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
      );
    const listens = files(join(root, 'src')).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => /\.listen\(/.test(l))
        .map((l) => `${file}: ${l.trim()}`),
    );
    assert.ok(listens.length > 0);
    // The worker's metrics endpoint is the one exception: it listens where --metrics names, on purpose (a
    // Prometheus in another container needs 0.0.0.0 there); every example and test names 127.0.0.1.
    const chosen = (line: string) =>
      line.startsWith(join(root, 'src', 'worker', 'status-server.ts')) && /\.listen\(o\.listen\.port, o\.listen\.host\)/.test(line);
    for (const line of listens.filter((l) => !chosen(l))) assert.match(line, /\.listen\([^)]*(?:'127\.0\.0\.1'|LISTEN_HOST)/, line);
    assert.equal(listens.filter(chosen).length, 1, 'the metrics endpoint listens where --metrics says');
    assert.match(readFileSync(join(root, 'src', 'simulator', 'server.ts'), 'utf8'), /const LISTEN_HOST = '127\.0\.0\.1';/);
    const compose = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
    const published = [...compose.matchAll(/^\s+- "([^"]+)"\s*$/gm)].map((m) => m[1]!).filter((p) => /^[\d.:]+$/.test(p));
    assert.ok(published.length >= 2, `no published ports found in docker-compose.yml`);
    for (const port of published) assert.match(port, /^127\.0\.0\.1:\d+:\d+$/, `docker-compose publishes ${port} beyond loopback`);
  });
});
