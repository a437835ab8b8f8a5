import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Agent, request } from 'undici';
import { freePort } from '../../../src/devserver/free-port';
import { runCli } from '../../support/cli';
import { childPids, spawnMorpheus } from '../../support/process';
import { TEST_TEMPORAL_ADDRESS } from '../../support/temporal';

const insecure = new Agent({ connect: { rejectUnauthorized: false } });

describe('long-running commands as real processes', () => {
  it('`morpheus sim` serves the API to a plain HTTPS client with the printed token; a bad token gets 401 after a delay', async () => {
    const sim = spawnMorpheus(['sim', '--port', '0', '--time-scale', '0.1']);
    try {
      const [, url] = await sim.waitFor(/listening on (https:\/\/127\.0\.0\.1:\d+)/);
      const [, id] = await sim.waitFor(/Token id: +(\S+)/);
      const [, secret] = await sim.waitFor(/Token secret: +(\S+)/);
      await sim.waitFor(/api_token_secret: "\$\{PROXMOX_API_TOKEN\}"/);
      const ok = await request(`${url}/api2/json/version`, { dispatcher: insecure, headers: { authorization: `PVEAPIToken=${id}=${secret}` } });
      assert.equal(ok.statusCode, 200);
      assert.deepEqual(((await ok.body.json()) as { data: { release: string } }).data.release, '9.0');
      const started = Date.now();
      const bad = await request(`${url}/api2/json/version`, { dispatcher: insecure, headers: { authorization: `PVEAPIToken=${id}=wrong` } });
      await bad.body.text();
      assert.equal(bad.statusCode, 401);
      assert.ok(Date.now() - started >= 280, 'a 401 comes after the (scaled) 3 s delay');
    } finally {
      sim.child.kill('SIGINT');
      assert.equal(await sim.exited, 0);
    }
  });

  /** `morpheus sim` plus `morpheus worker --dev-server` on a fresh SQLite file, as a home lab runs them. */
  async function homelab(): Promise<{
    worker: ReturnType<typeof spawnMorpheus>;
    config: string;
    env: NodeJS.ProcessEnv;
    secret: string;
    close(): Promise<void>;
  }> {
    const sim = spawnMorpheus(['sim', '--port', '0', '--time-scale', '0.01']);
    const dir = mkdtempSync(join(tmpdir(), 'morpheus-homelab-'));
    let worker: ReturnType<typeof spawnMorpheus> | undefined;
    const close = async () => {
      worker?.child.kill('SIGKILL');
      sim.child.kill('SIGINT');
      await sim.exited;
    };
    try {
      const [, secret] = await sim.waitFor(/export PROXMOX_API_TOKEN=(\S+)/);
      const [, snippet] = await sim.waitFor(/config\.yaml \(or any file passed with --config\):\n([\s\S]+?)\n\n/);
      const config = join(dir, 'config.yaml');
      writeFileSync(config, `${snippet!.replace(/^ {2}/gm, '')}\nswitch:\n  shutdown_timeout: 2s\n  network_timeout: 3s\n`);
      const port = await freePort();
      const env = { PROXMOX_API_TOKEN: secret!, TEMPORAL_ADDRESS: `127.0.0.1:${port}`, MORPHEUS_TASK_QUEUE: 'homelab' };
      worker = spawnMorpheus(['--config', config, 'worker', '--dev-server', '--db', join(dir, 'temporal.db'), '--ui-port', String(await freePort())], env);
      await worker.waitFor(/Morpheus worker for host pve/);
      return { worker, config, env, secret: secret!, close };
    } catch (err) {
      await close();
      throw err;
    }
  }

  it('`morpheus worker --dev-server` runs Temporal and the worker in one process, switches, and stops cleanly on SIGTERM', async () => {
    const lab = await homelab();
    try {
      const r = await runCli(['--config', lab.config, 'mode', 'switch', 'windowsvrstreaming'], lab.env);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /✅ Now in windowsvrstreaming mode/);
      assert.doesNotMatch(lab.worker.output(), new RegExp(lab.secret));
      lab.worker.child.kill('SIGTERM');
      assert.equal(await lab.worker.exited, 0, lab.worker.output());
    } finally {
      await lab.close();
    }
  });

  it('`morpheus worker --dev-server` exits 6, saying why, when its Temporal server dies', async () => {
    const lab = await homelab();
    try {
      const servers = childPids(lab.worker.child.pid!);
      assert.equal(servers.length, 1, `children of the worker: ${servers.join(', ')}`);
      process.kill(servers[0]!, 'SIGKILL');
      assert.equal(await lab.worker.exited, 6, lab.worker.output());
      assert.match(lab.worker.output(), /error: the embedded Temporal dev server was killed by SIGKILL; stopping the worker/);
    } finally {
      await lab.close();
    }
  });

  it(
    '`morpheus demo --no-stay` ends with a completed switch and the Web UI URL of its workflow',
    { skip: !TEST_TEMPORAL_ADDRESS && 'needs npm test' },
    async () => {
      const r = await runCli(['demo', '--no-stay', '--time-scale', '0.05'], {}, 120_000);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /\$ morpheus mode list\nMODE/);
      assert.match(r.stdout, /Switching from linuxvrstreaming → windowsvrstreaming\.\.\./);
      assert.match(r.stdout, /✅ Now in windowsvrstreaming mode\n {3}IP: 192\.168\.1\.151\n {3}GPU: NVIDIA GeForce RTX 4090 \(exclusive\)/);
      assert.match(r.stdout, /🎮 Current Mode: windowsvrstreaming \(VM 102\)/);
      // list and status ask Temporal from the same demo context: each read has a thread of its own.
      assert.match(r.stdout, /\nLast switch: .*windowsvrstreaming.*, switched in [\d.]+s/);
      assert.match(
        r.stdout,
        /🔎 The switch in the Temporal Web UI: http:\/\/127\.0\.0\.1:\d+\/namespaces\/default\/workflows\/morpheus-switch-pve\/[\w-]+\/history/,
      );
    },
  );
});
