import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { msToTs } from '@temporalio/common/lib/time';
import { parseConfigText } from '../../../src/config';
import { ScheduleSchema } from '../../../src/config/schedules-schema';
import { freePort } from '../../../src/devserver/free-port';
import { scheduleIdOf, scheduleOptions } from '../../../src/schedules/temporal-schedule';
import { DEFAULT_SCENARIO } from '../../../src/simulator/default-scenario';
import type { ScenarioInput } from '../../../src/simulator/scenario';
import { runWorker } from '../../../src/worker/run-worker';
import { cliHarness, runCli } from '../../support/cli';
import { eventually } from '../../support/eventually';

interface DoctorJson {
  ok: boolean;
  exit_code: number;
  checks: { id: string; status: string; summary: string; details: string[]; fix: string[] }[];
}

const TOKENS: ScenarioInput['tokens'] = [
  { id: 'morpheus@pam!morpheus-token', privileges: 'all' },
  // A role without VM.PowerMgmt: the CLI-only token of docs/proxmox-setup.md, used for the worker by mistake.
  { id: 'auditor@pve!morpheus', privileges: ['VM.Audit', 'VM.GuestAgent.Audit', 'Sys.Audit', 'Mapping.Audit'] },
  // Privilege separation without an ACL of the token's own.
  { id: 'morpheus@pve!privsep', privileges: [] },
];
const GPU = '0000:01:00,pcie=1,x-vga=1';

/**
 * `morpheus doctor` against the simulator and the dev server: the seed's home lab passes (with a
 * warning about the stopped VM 105 that shares the GPU), then one scenario per check breaks exactly
 * that check, and doctor names it, says how to fix it, and exits with its code.
 */
describe('morpheus doctor', () => {
  const t = cliHarness({ scenario: { tokens: TOKENS, auth_failure_delay: 0 } });
  const base = () => readFileSync(t.cli.configFile, 'utf8');
  const secretOf = (id: string) => t.h.sim.tokens.find((x) => x.id === id)!.secret;

  /** Runs doctor --json with the config text (default: the harness's) and the environment given. */
  async function doctor(o: { config?: string; env?: NodeJS.ProcessEnv } = {}) {
    const file = join(mkdtempSync(join(tmpdir(), 'morpheus-doctor-')), 'config.yaml');
    writeFileSync(file, o.config ?? base());
    const r = await runCli(['--config', file, 'doctor', '--json'], { ...t.cli.env, ...o.env });
    const out = JSON.parse(r.stdout) as DoctorJson;
    assert.equal(out.exit_code, r.code, 'the JSON says the exit code');
    return { ...r, out, check: (id: string) => out.checks.find((c) => c.id === id)! };
  }
  const failing = (out: DoctorJson) => out.checks.filter((c) => c.status === 'fail').map((c) => c.id);

  /** Asserts that exactly `id` fails, with exit code `code`; returns that check. */
  async function breaks(id: string, code: number, o: Parameters<typeof doctor>[0] = {}) {
    const r = await doctor(o);
    assert.deepEqual(failing(r.out), [id], r.stdout);
    assert.equal(r.code, code, r.stdout + r.stderr);
    return r.check(id);
  }

  /** Runs `body` on a simulator changed by `change`, and puts it back afterwards. */
  async function whileChanged<T>(change: () => Promise<unknown>, undo: () => Promise<unknown>, body: () => Promise<T>): Promise<T> {
    await change();
    try {
      return await body();
    } finally {
      await undo();
    }
  }

  const resetTo = (vms: ScenarioInput['vms']) =>
    t.h.sim.control.reset({ ...DEFAULT_SCENARIO, node: t.h.config.proxmox.node, tokens: TOKENS, auth_failure_delay: 0, time_scale: 0.01, vms });

  it('passes the seed home lab, warning about the VM outside the config that shares the GPU', async () => {
    const r = await doctor();
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(failing(r.out), []);
    assert.deepEqual(
      r.out.checks.filter((c) => c.status !== 'ok').map((c) => `${c.id}: ${c.status}`),
      ['shared-devices: warn'],
    );
    const text = await runCli(t.cli.args('doctor'), t.cli.env);
    assert.match(text.stdout, /^✓ Config is valid: /m);
    assert.match(
      text.stdout,
      /^⚠ No other VM passes the GPU through: .*\n {4}⚠ VM 105 \(gpu-bench\), not a mode, also passes 0000:01:00 \(NVIDIA GeForce RTX 4090\) through; it is stopped\n {4}fix: /m,
    );
    assert.match(text.stdout, /No check failed; 1 with warnings\.$/m);
  });

  it('config: an invalid config fails first, everything else is not checked (exit 2)', async () => {
    const c = await breaks('config', 2, { config: base().replace('gpu_mode: exclusive', 'gpu_mode: exclusiv') });
    assert.match(c.details.join('\n'), /proxmox\.modes\.linuxvrstreaming\.gpu_mode: /);
  });

  it('proxmox-reachable: nothing listens on the configured port (exit 6)', async () => {
    const port = await freePort();
    const c = await breaks('proxmox-reachable', 6, { config: base().replace(/port: \d+/, `port: ${port}`) });
    assert.equal(c.summary, `127.0.0.1:${port} refuses connections: nothing listens on port ${port}`);
  });

  it('tls: an unpinned self-signed certificate shows the fingerprint to pin and the CA to use (exit 6)', async () => {
    const c = await breaks('tls', 6, { config: base().replace(/^ {2}fingerprint: .*\n/m, '') });
    assert.match(c.summary, /^TLS verification failed \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
    assert.ok(c.fix[0]!.includes(`proxmox.fingerprint: "${t.h.sim.fingerprint}"`), c.fix.join('\n'));
    assert.match(c.fix[1]!, /pve-root-ca\.pem/);
  });

  it('token: a wrong secret (exit 7)', async () => {
    const c = await breaks('token', 7, { env: { PROXMOX_API_TOKEN: 'not-the-secret' } });
    assert.match(c.summary, /Proxmox refused the token morpheus@pam!morpheus-token: authentication failed: Proxmox said 401/);
  });

  it('privileges: a token without VM.PowerMgmt, named per VM with the PVE 9 role (exit 7)', async () => {
    const config = base().replace('morpheus@pam!morpheus-token', 'auditor@pve!morpheus');
    const c = await breaks('privileges', 7, { config, env: { PROXMOX_API_TOKEN: secretOf('auditor@pve!morpheus') } });
    assert.deepEqual(
      c.details,
      ['linuxvrstreaming', 'windowsvrstreaming', 'nimsforestnogpu', 'nimsforestsharedgpu'].map(
        (m, i) => `✗ VM.PowerMgmt on /vms/${101 + i}: to start and shut down ${m} (the worker)`,
      ),
    );
    assert.ok(
      c.fix.some((f) => f.includes('--privs "VM.Audit,VM.PowerMgmt,VM.GuestAgent.Audit,Sys.Audit,Mapping.Audit"')),
      c.fix.join('\n'),
    );
  });

  it('privileges: a privilege-separated token with no ACL of its own is explained as such', async () => {
    const config = base().replace('morpheus@pam!morpheus-token', 'morpheus@pve!privsep');
    const c = await breaks('privileges', 7, { config, env: { PROXMOX_API_TOKEN: secretOf('morpheus@pve!privsep') } });
    assert.match(c.fix[0]!, /most likely privilege separation/);
    assert.ok(
      c.fix.some((f) => f.includes("pveum acl modify / --tokens 'morpheus@pve!privsep' --roles Morpheus")),
      c.fix.join('\n'),
    );
  });

  it('mode-vms: a mode whose VM is not on the node (exit 4)', async () => {
    const c = await breaks('mode-vms', 4, { config: base().replace('vmid: 102', 'vmid: 109') });
    assert.ok(c.details.includes(`✗ windowsvrstreaming: VM 109 does not exist on node ${t.h.config.proxmox.node}`), c.details.join('\n'));
  });

  it('gpu-mode: a no-GPU mode whose VM passes the GPU through (exit 4)', async () => {
    const c = await whileChanged(
      () => t.h.sim.control.patchVm(103, { config: { hostpci0: GPU } }),
      () => t.h.sim.control.patchVm(103, { config: { hostpci0: null } }),
      () => breaks('gpu-mode', 4),
    );
    assert.ok(
      c.details.includes(
        '✗ nimsforestnogpu: declares gpu_mode: none, but VM 103 passes the GPU through: hostpci0: 0000:01:00 (NVIDIA GeForce RTX 4090), x-vga=1; Morpheus treats it as a GPU mode',
      ),
      c.details.join('\n'),
    );
  });

  it('shared-devices: a VM outside the config runs with the GPU (exit 4)', async () => {
    const vms = DEFAULT_SCENARIO.vms!.map((v) =>
      v.vmid === 101 ? { ...v, status: 'stopped' as const } : v.vmid === 105 ? { ...v, status: 'running' as const } : v,
    );
    const c = await whileChanged(
      () => resetTo(vms),
      () => resetTo(DEFAULT_SCENARIO.vms),
      () => breaks('shared-devices', 4),
    );
    assert.deepEqual(c.details, [
      '✗ VM 105 (gpu-bench), not a mode, passes 0000:01:00 (NVIDIA GeForce RTX 4090) through and is running: no GPU mode can start',
    ]);
  });

  it('guest-agent: a mode VM without the agent enabled (exit 4)', async () => {
    const c = await whileChanged(
      () => t.h.sim.control.patchVm(102, { config: { agent: null } }),
      () => t.h.sim.control.patchVm(102, { config: { agent: '1' } }),
      () => breaks('guest-agent', 4),
    );
    assert.ok(c.details.includes("✗ windowsvrstreaming: the guest agent is not enabled in VM 102's config"), c.details.join('\n'));
  });

  it('guest-agent: a running mode whose agent does not answer', async () => {
    const vms = DEFAULT_SCENARIO.vms!.map((v) => (v.vmid === 101 ? { ...v, behaviour: { ...v.behaviour, agent_installed: false } } : v));
    const c = await whileChanged(
      () => resetTo(vms),
      () => resetTo(DEFAULT_SCENARIO.vms),
      () => breaks('guest-agent', 4),
    );
    assert.ok(c.details.includes('✗ linuxvrstreaming: enabled, but the agent in VM 101 does not answer'), c.details.join('\n'));
  });

  it('temporal: nothing answers at temporal.address (exit 6)', async () => {
    const port = await freePort();
    const c = await breaks('temporal', 6, { config: base().replace(/address: ".*"/, `address: "127.0.0.1:${port}"`) });
    assert.match(c.summary, new RegExp(`^cannot reach Temporal at 127\\.0\\.0\\.1:${port}`));
  });

  it("temporal: a namespace without Morpheus's search attributes (exit 6)", async () => {
    const namespace = `doctor-${t.h.config.proxmox.node}`;
    await t.h.connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
    await eventually(
      () =>
        t.h.connection.workflowService.describeNamespace({ namespace }).then(
          () => true,
          () => undefined,
        ),
      { what: `namespace ${namespace}` },
    );
    const config = base().replace(/(task_queue: .*)/, `$1\n  namespace: "${namespace}"`);
    // A worker polls there, so that only the search attributes are missing.
    const worker = await runWorker(parseConfigText(config, { source: 'doctor.yaml', env: t.cli.env }).config);
    try {
      const c = await breaks('temporal', 6, { config });
      assert.match(c.summary, /but MorpheusHost is not registered; MorpheusFromMode is not registered; .*: it refuses to start a switch/);
      assert.ok(
        c.fix.includes(
          `temporal operator search-attribute create --address ${t.h.config.temporal.address} --namespace ${namespace} --name MorpheusHost --type Keyword`,
        ),
        c.fix.join('\n'),
      );
    } finally {
      await worker.stop();
    }
  });

  it("worker: no worker polls the host's task queue (exit 6)", async () => {
    const c = await breaks('worker', 6, { config: base().replace(/task_queue: ".*"/, 'task_queue: "nobody-polls-this"') });
    assert.match(c.summary, /^no worker polls task queue "nobody-polls-this"/);
  });

  it('schedules: a stored schedule whose mode is no longer in the config (exit 4)', async () => {
    const { node, temporal } = { node: t.h.config.proxmox.node, temporal: t.h.config.temporal };
    const def = ScheduleSchema.parse({ mode: 'retiredmode', cron: '@daily' });
    await t.h.client.schedule.create(scheduleOptions({ node, taskQueue: temporal.task_queue, name: 'old-vr', def, managedBy: 'cli' }));
    try {
      const c = await eventually(
        async () => {
          const r = await doctor();
          return r.out.checks.find((x) => x.id === 'schedules' && x.status === 'fail') && r;
        },
        { what: 'the schedule in doctor' },
      );
      assert.deepEqual(failing(c.out), ['schedules']);
      assert.equal(c.code, 4);
      assert.ok(c.check('schedules').details.includes('✗ old-vr (made with schedule add): "retiredmode" is not a mode of the config; every fire is refused'));
    } finally {
      await t.h.client.schedule.getHandle(scheduleIdOf(node, 'old-vr')).delete();
    }
  });
});
