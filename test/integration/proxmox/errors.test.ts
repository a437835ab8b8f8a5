import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ProxmoxAuthError,
  ProxmoxPciBusyError,
  ProxmoxPermissionError,
  ProxmoxValidationError,
  ProxmoxVmLockedError,
  ProxmoxVmNotFoundError,
} from '../../../src/proxmox/errors';
import { waitForTask } from '../../../src/proxmox/task-wait';
import { DEFAULT_SCENARIO } from '../../../src/simulator/default-scenario';
import { rejectsWith } from '../../support/errors';
import { startTestSimulator, type TestSimulator } from '../../support/simulator';

const AUDITOR = 'auditor@pve!readonly';
const WAIT = { timeoutMs: 5_000 };

describe('Proxmox errors end to end, 9.0 persona', () => {
  let sim: TestSimulator;
  let secrets: string[];
  before(async () => {
    sim = await startTestSimulator({
      scenario: { ...DEFAULT_SCENARIO, tokens: [{ id: 'morpheus@pam!morpheus-token' }, { id: AUDITOR, privileges: ['VM.Audit', 'Sys.Audit'] }] },
    });
    secrets = sim.tokens.map((t) => t.secret);
  });
  after(() => sim.close());

  const auditor = () => sim.client({ tokenId: AUDITOR, tokenSecret: sim.tokens[1]!.secret });

  it('turns a wrong secret into ProxmoxAuthError, after the scaled 3 s delay', async () => {
    const started = performance.now();
    const err = await rejectsWith(sim.client({ tokenSecret: 'not-the-secret' }).version(), ProxmoxAuthError, [...secrets, 'not-the-secret']);
    assert.ok(performance.now() - started >= 29, `answered after ${performance.now() - started} ms`);
    assert.equal(err.status, 401);
    assert.equal(err.proxmoxMessage, 'Authentication failed!');
    assert.equal(err.retryable, false);
  });

  it('turns an unknown token id into ProxmoxAuthError too', async () => {
    const err = await rejectsWith(sim.client({ tokenId: 'ghost@pve!nope' }).listVms(), ProxmoxAuthError, secrets);
    assert.equal(err.message, 'authentication failed: Proxmox said 401 "Authentication failed!" (GET /nodes/pve/qemu)');
  });

  it('turns a token without VM.PowerMgmt into ProxmoxPermissionError naming the privilege and the path', async () => {
    const err = await rejectsWith(auditor().startVm(101), ProxmoxPermissionError, secrets);
    assert.equal(err.privilege, 'VM.PowerMgmt');
    assert.equal(err.aclPath, '/vms/101');
    assert.match(err.message, /VM\.PowerMgmt/);
    assert.match(err.message, /\/vms\/101/);
    assert.ok(err.hint?.includes(`--tokens '${AUDITOR}'`), err.hint);
  });

  it("names the 9.x guest-agent privileges when the token can't read the agent", async () => {
    const err = await rejectsWith(auditor().agentNetworkInterfaces(101), ProxmoxPermissionError, secrets);
    assert.equal(err.privilege, 'VM.GuestAgent.Audit|VM.GuestAgent.Unrestricted');
  });

  it('lets a token without VM.Audit list nothing instead of failing', async () => {
    await sim.control.reset({
      ...DEFAULT_SCENARIO,
      time_scale: 0.01,
      tokens: [{ id: 'morpheus@pam!morpheus-token' }, { id: AUDITOR, privileges: ['Sys.Audit'] }],
    });
    assert.deepEqual(await auditor().listVms(), []);
    await sim.control.reset({
      ...DEFAULT_SCENARIO,
      time_scale: 0.01,
      tokens: [{ id: 'morpheus@pam!morpheus-token' }, { id: AUDITOR, privileges: ['VM.Audit', 'Sys.Audit'] }],
    });
  });

  it('turns an unknown VM into ProxmoxVmNotFoundError, for reads and for tasks', async () => {
    const client = sim.client();
    const read = await rejectsWith(client.vmStatus(999), ProxmoxVmNotFoundError, secrets);
    assert.equal(read.proxmoxMessage, "Configuration file 'nodes/pve/qemu-server/999.conf' does not exist");
    assert.equal(read.endpoint.vmid, 999);
    await rejectsWith(waitForTask(client, await client.startVm(999), WAIT), ProxmoxVmNotFoundError, secrets);
    const stop = await rejectsWith(waitForTask(client, await client.stopVm(999), WAIT), ProxmoxVmNotFoundError, secrets);
    assert.equal(stop.proxmoxMessage, "unable to find configuration file for VM 999 on node 'pve'");
  });

  it('turns a locked VM into a retryable ProxmoxVmLockedError', async () => {
    const client = sim.client();
    await sim.control.patchVm(101, { lock: 'backup' });
    assert.equal((await client.vmStatus(101)).lock, 'backup');
    const err = await rejectsWith(waitForTask(client, await client.stopVm(101), WAIT), ProxmoxVmLockedError, secrets);
    assert.equal(err.proxmoxMessage, 'VM is locked (backup)');
    assert.equal(err.retryable, true);
    await sim.control.patchVm(101, { lock: null });
  });

  it('turns a GPU conflict into ProxmoxPciBusyError from waitForTask, and the simulator records the refusal', async () => {
    const client = sim.client();
    const upid = await client.startVm(102);
    const err = await rejectsWith(waitForTask(client, upid, WAIT), ProxmoxPciBusyError, secrets);
    assert.equal(err.proxmoxMessage, "PCI device '0000:01:00.0' already in use by VMID '101'");
    assert.equal(err.retryable, false);
    const timeline = await sim.control.gpuTimeline();
    assert.deepEqual(
      timeline.refusals.map((r) => [r.vmid, r.device, r.heldBy]),
      [[102, '0000:01:00.0', 101]],
    );
    assert.deepEqual(timeline.overlaps, []);
  });

  it('turns a malformed UPID into ProxmoxValidationError naming the parameter', async () => {
    const err = await rejectsWith(sim.client().taskStatus('UPID:nope'), ProxmoxValidationError, secrets);
    assert.deepEqual(err.errors, { upid: 'unable to parse worker upid' });
  });
});

describe('Proxmox errors end to end, 8.1 persona (reason phrase only, no body message)', () => {
  let sim: TestSimulator;
  let secrets: string[];
  before(async () => {
    sim = await startTestSimulator({
      scenario: { ...DEFAULT_SCENARIO, release: '8.1', tokens: [{ id: 'morpheus@pam!morpheus-token' }, { id: AUDITOR, privileges: ['VM.Audit'] }] },
    });
    secrets = sim.tokens.map((t) => t.secret);
  });
  after(() => sim.close());

  it('still classifies 401, 403, 400 and 500 from the reason phrase', async () => {
    const auditor = sim.client({ tokenId: AUDITOR, tokenSecret: sim.tokens[1]!.secret });
    assert.equal((await sim.client().version()).release, '8.1');
    await rejectsWith(sim.client({ tokenSecret: 'wrong' }).version(), ProxmoxAuthError, secrets);
    const denied = await rejectsWith(auditor.stopVm(101), ProxmoxPermissionError, secrets);
    assert.equal(denied.privilege, 'VM.PowerMgmt');
    const agent = await rejectsWith(auditor.agentNetworkInterfaces(101), ProxmoxPermissionError, secrets);
    assert.equal(agent.privilege, 'VM.Monitor');
    const invalid = await rejectsWith(sim.client().taskLog('UPID:nope'), ProxmoxValidationError, secrets);
    assert.deepEqual(invalid.errors, { upid: 'unable to parse worker upid' });
    const missing = await rejectsWith(sim.client().vmConfig(999), ProxmoxVmNotFoundError, secrets);
    assert.equal(missing.proxmoxMessage, "Configuration file 'nodes/pve/qemu-server/999.conf' does not exist");
  });

  it('still tells the three agent answers apart', async () => {
    const client = sim.client();
    await sim.control.patchVm(101, { behaviour: { agent_installed: false } });
    assert.deepEqual(await client.agentNetworkInterfaces(101), { kind: 'agent-not-running' });
    assert.deepEqual(await client.agentNetworkInterfaces(102), { kind: 'vm-not-running' });
    await sim.control.patchVm(102, { config: { agent: null } });
    assert.deepEqual(await client.agentNetworkInterfaces(102), { kind: 'no-agent-configured' });
  });
});
