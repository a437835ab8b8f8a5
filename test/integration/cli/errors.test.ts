import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../src/shared/project-root';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../../../src/devserver/free-port';
import { cliSetup, runCli } from '../../support/cli';
import { startHarness, type Harness } from '../../support/harness';

const noStack = (text: string) => assert.doesNotMatch(text, /\n\s+at .+\(.*:\d+:\d+\)/);

describe('CLI errors and exit codes', () => {
  let h: Harness;
  let cli: ReturnType<typeof cliSetup>;
  before(async () => {
    h = await startHarness();
    cli = cliSetup(h);
  });
  after(() => h.close());
  const morpheus = (args: string[], env: NodeJS.ProcessEnv = cli.env) => runCli(args, env);

  it('rejects an unknown mode with a suggestion (exit 2)', async () => {
    const r = await morpheus(cli.args('mode', 'switch', 'linuxvr'));
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^error: unknown mode "linuxvr"; did you mean "linuxvrstreaming"\?\nhint: known modes: linuxvrstreaming, windowsvrstreaming, nimsforestnogpu, nimsforestsharedgpu/,
    );
    noStack(r.stderr);
  });

  it('rejects unknown flags and commands with a suggestion (exit 2)', async () => {
    const flag = await morpheus(cli.args('mode', 'switch', 'nimsforestnogpu', '--froce'));
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /unknown option '--froce'\n\(Did you mean --force\?\)/);
    const command = await morpheus(cli.args('mode', 'swich', 'x'));
    assert.equal(command.code, 2);
    assert.match(command.stderr, /\(Did you mean switch\?\)/);
  });

  it('reports a bad config with the key path and no stack trace (exit 2)', async () => {
    writeFileSync(cli.configFile.replace('config.yaml', 'bad.yaml'), 'proxmox:\n  host: pve.lan\n  port: seventy\n');
    const r = await morpheus(['--config', cli.configFile.replace('config.yaml', 'bad.yaml'), 'mode', 'list']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /proxmox\.port: expected an integer from 1 to 65535, got a string/);
    noStack(r.stderr);
  });

  it('says how to create a config when there is none (exit 2)', async () => {
    const r = await morpheus(['--config', '/nonexistent/morpheus.yaml', 'mode', 'list']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no config file at \/nonexistent\/morpheus\.yaml/);
    assert.match(r.stderr, /morpheus sim/);
  });

  it('says at once that no worker runs, instead of leaving a switch that never starts (exit 6)', async () => {
    const r = await morpheus(cli.args('mode', 'switch', 'nimsforestnogpu'));
    assert.equal(r.code, 6, r.stdout + r.stderr);
    assert.match(r.stderr, /^error: no Morpheus worker is running for host pve-\w+ .*\nhint: start one with `morpheus worker`/);
  });

  it('names the address when Temporal is unreachable (exit 6)', async () => {
    const r = await morpheus(cli.args('mode', 'switch', 'nimsforestnogpu'), { ...cli.env, TEMPORAL_ADDRESS: '127.0.0.1:1' });
    assert.equal(r.code, 6, r.stdout + r.stderr);
    assert.match(r.stderr, /^error: cannot reach Temporal at 127\.0\.0\.1:1/);
    noStack(r.stderr);
  });

  it('fails fast on a bad API token, naming the cause, without the secret (exit 7)', async () => {
    const started = Date.now();
    const r = await morpheus(cli.args('mode', 'list'), { PROXMOX_API_TOKEN: 'not-the-secret' });
    assert.equal(r.code, 7, r.stdout + r.stderr);
    assert.match(r.stderr, /authentication failed: Proxmox said 401 "Authentication failed!" \(GET \/nodes\/pve-\w+\/qemu\)/);
    assert.ok(!r.stderr.includes('not-the-secret'));
    assert.ok(Date.now() - started < 10_000);
  });

  it('reads the host without ever loading the Temporal worker or its native addon', async () => {
    const forbid = join(projectRoot(), 'test', 'fixtures', 'forbid-native-worker.js');
    for (const command of [
      ['mode', 'list'],
      ['mode', 'status'],
      ['mode', 'switch', 'windowsvrstreaming', '--dry-run'],
    ]) {
      const r = await morpheus(cli.args(...command), { ...cli.env, NODE_OPTIONS: `--require ${forbid}` });
      assert.equal(r.code, 0, `${command.join(' ')}: ${r.stderr}`);
    }
  });

  it('prints list and status as stable JSON', async () => {
    const list = await morpheus(cli.args('mode', 'list', '--json'));
    assert.equal(list.code, 0, list.stderr);
    const l = JSON.parse(list.stdout) as {
      current: string[];
      modes: { name: string; status: string; current: boolean }[];
      unmanaged_gpu_holders: { vmid: number }[];
    };
    assert.deepEqual(l.current, ['linuxvrstreaming']);
    assert.deepEqual(
      l.modes.map((m) => [m.name, m.status, m.current]),
      [
        ['linuxvrstreaming', 'running', true],
        ['windowsvrstreaming', 'stopped', false],
        ['nimsforestnogpu', 'stopped', false],
        ['nimsforestsharedgpu', 'stopped', false],
      ],
    );
    assert.deepEqual(
      l.unmanaged_gpu_holders.map((u) => u.vmid),
      [105],
    );
    const status = await morpheus(cli.args('mode', 'status', '--json'));
    assert.equal(status.code, 0, status.stderr);
    const s = JSON.parse(status.stdout) as { current: { name: string; gpu: { name: string }; ip: string }[]; switch: unknown };
    assert.equal(s.current[0]?.name, 'linuxvrstreaming');
    assert.equal(s.current[0]?.gpu.name, 'NVIDIA GeForce RTX 4090');
    assert.equal(s.current[0]?.ip, '192.168.1.150');
    assert.equal(s.switch, null);
  });

  it('prints a dry-run plan as JSON and exits 3 when the plan is refused', async () => {
    const r = await morpheus(cli.args('mode', 'switch', 'nimsforestsharedgpu', '--dry-run', '--json'));
    assert.equal(r.code, 3);
    const out = JSON.parse(r.stdout) as { dry_run: boolean; plan: { kind: string } };
    assert.equal(out.plan.kind, 'refused');
  });

  it('lists the host when Temporal is down or refuses the connection, and says why the switch status is unknown (exit 0)', async () => {
    const down = `127.0.0.1:${await freePort()}`;
    const cases: [NodeJS.ProcessEnv, RegExp][] = [
      [{ TEMPORAL_ADDRESS: down }, new RegExp(`\\(switch status unknown: cannot reach Temporal at ${down}: connection refused\\)`)],
      // TLS towards the plaintext dev server: the connection fails, and says so within its deadline.
      [{ TEMPORAL_TLS: 'true' }, /\(switch status unknown: cannot reach Temporal at [\d.:]+: Failed to connect before the deadline\)/],
    ];
    for (const [env, reason] of cases) {
      const r = await morpheus(cli.args('mode', 'list'), { ...cli.env, ...env });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^linuxvrstreaming +101 +running/m);
      assert.match(r.stdout, reason);
      noStack(r.stdout + r.stderr);
    }
  });
});
