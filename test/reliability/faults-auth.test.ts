import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cliSetup, runCli } from '../support/cli';
import { startHarness, type Harness } from '../support/harness';
import { activitiesOf, runSwitch, runningVms, startWorkerWithToken, switchInput } from '../support/reliability';

// Proxmox delays every 401 by 3 s: the scenario's 300 simulated seconds at time scale 0.01.
const REAL_401_DELAY = { auth_failure_delay: 300 };
const NO_POWER = { id: 'morpheus@pve!nopower', privileges: ['VM.Audit', 'Sys.Audit', 'VM.GuestAgent.Audit'] as const };
const CLEAR_WITHIN_MS = 10_000;

/** Time until the user had a clear error, per case, reported at the end. */
const timeToError = new Map<string, number>();

async function timed<T>(label: string, f: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await f();
  const ms = performance.now() - started;
  timeToError.set(label, ms);
  assert.ok(ms < CLEAR_WITHIN_MS, `${label}: the error took ${Math.round(ms)} ms`);
  return value;
}

after(() => {
  const all = [...timeToError].map(([k, v]) => `${k} ${(v / 1000).toFixed(2)}s`).join(', ');
  const longest = Math.max(...timeToError.values());
  console.log(`faults-auth: time to a clear error: ${all}; longest ${(longest / 1000).toFixed(2)}s`);
});

describe('a wrong API token secret', () => {
  let h: Harness;
  let cli: ReturnType<typeof cliSetup>;
  before(async () => {
    h = await startHarness({ scenario: REAL_401_DELAY });
    await h.startWorker();
    cli = cliSetup(h);
  });
  after(() => h.close());

  it('is reported by the CLI as an authentication failure with exit code 7, changing nothing', async () => {
    const r = await timed('401 via CLI', () => runCli(cli.args('mode', 'switch', 'windowsvrstreaming'), { ...cli.env, PROXMOX_API_TOKEN: 'revoked-secret' }));
    assert.equal(r.code, 7, r.stdout + r.stderr);
    assert.match(r.stderr, /error: authentication failed: Proxmox said 401 "Authentication failed!" \(GET \/nodes\/[\w-]+\/qemu\)/);
    assert.match(r.stderr, /hint: check proxmox\.api_token_id and proxmox\.api_token_secret/);
    assert.ok(!r.stderr.includes('revoked-secret') && !r.stdout.includes('revoked-secret'), 'the secret must not be printed');
    assert.deepEqual(await runningVms(h), [101]);
  });

  it('fails the workflow of a worker that has it at its first request, without a retry', async () => {
    await h.stopWorker();
    const worker = await startWorkerWithToken(h, { secret: 'revoked-secret' });
    try {
      const r = await timed('401 via workflow', () => runSwitch(h, switchInput('windowsvrstreaming')));
      assert.equal(r.ok, false);
      const activities = await activitiesOf(h, r.runId);
      assert.deepEqual(
        activities.map((a) => `${a.type}#${a.attempt}:${a.outcome}`),
        ['observe#1:failed'],
      );
      assert.ok(!r.ok);
      // The run's failure carries the activity's: a ProxmoxAuthError, marked non-retryable at the source.
      const auth = r.chain.find((c) => c.startsWith('ProxmoxAuthError: '));
      assert.ok(auth, r.chain.join(' <- '));
      assert.match(auth, /authentication failed: Proxmox said 401 "Authentication failed!" \(GET \/nodes\/[\w-]+\/qemu\)/);
      assert.ok(!r.chain.join('\n').includes('revoked-secret'));
    } finally {
      await worker.stop();
      await h.startWorker();
    }
  });

  it('is named by the CLI (exit 7) when only the worker has it', async () => {
    await h.stopWorker();
    const worker = await startWorkerWithToken(h, { secret: 'revoked-secret' });
    try {
      const r = await timed('401 in the worker via CLI', () => runCli(cli.args('mode', 'switch', 'windowsvrstreaming'), cli.env));
      assert.match(r.stdout, /❌ Switch to windowsvrstreaming failed: .*authentication failed: Proxmox said 401 "Authentication failed!"/);
      assert.equal(r.code, 7, r.stdout + r.stderr);
    } finally {
      await worker.stop();
      await h.startWorker();
    }
  });
});

describe('a token without VM.PowerMgmt', () => {
  let h: Harness;
  let cli: ReturnType<typeof cliSetup>;
  before(async () => {
    h = await startHarness({ scenario: { ...REAL_401_DELAY, tokens: [{ ...NO_POWER, privileges: [...NO_POWER.privileges] }] } });
    await h.startWorker();
    cli = cliSetup(h);
  });
  after(() => h.close());

  const PERMISSION =
    /permission denied: the API token lacks VM\.PowerMgmt on \/vms\/101: Proxmox said 403 "Permission check failed \(\/vms\/101, VM\.PowerMgmt\)"/;

  it('is reported by the CLI naming the privilege and the path, with exit code 7', async () => {
    const r = await timed('403 via CLI', () => runCli(cli.args('mode', 'switch', 'windowsvrstreaming'), cli.env));
    assert.equal(r.code, 7, r.stdout + r.stderr);
    assert.match(r.stdout, /❌ Switch to windowsvrstreaming failed: Shutting down linuxvrstreaming \(VM 101\) failed: VM 101: /);
    assert.match(r.stdout, PERMISSION);
    assert.match(r.stdout, /Hint: grant it, e\.g\. `pveum acl modify \/vms\/101 --tokens 'morpheus@pve!nopower' --roles PVEVMAdmin`/);
    assert.deepEqual(await runningVms(h), [101], 'nothing was stopped or started');
  });

  it('fails the workflow at the first power action, without a retry', async () => {
    await h.sim.control.clearRequests();
    const r = await timed('403 via workflow', () => runSwitch(h, switchInput('windowsvrstreaming')));
    assert.ok(!r.ok);
    assert.equal(r.causeType, 'ProxmoxPermissionError');
    assert.match(r.message, PERMISSION);
    const activities = await activitiesOf(h, r.runId);
    assert.deepEqual(
      activities.map((a) => `${a.type}#${a.attempt}:${a.outcome}`),
      ['observe#1:completed', 'shutdownAndWait#1:failed'],
    );
    const counts = await h.sim.control.requests();
    const posts = Object.entries(counts.endpoints).filter(([k]) => k.startsWith('POST'));
    assert.deepEqual(
      posts.map(([k, v]) => [k, v.statuses]),
      [['POST /nodes/{node}/qemu/{vmid}/status/shutdown', { 403: 1 }]],
      'one refused POST, not retried',
    );
  });
});
