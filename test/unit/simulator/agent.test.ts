import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimApiError } from '../../../src/simulator/model/sim-api-error';
import { agentNetworkView } from '../../../src/simulator/model/views';
import { CALLER, labHost } from './host-fixture';

/** Asserts the agent call fails with Proxmox's 500 text after `delayMs` real milliseconds. */
function assertAgentError(fn: () => unknown, message: string, delayMs: number): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof SimApiError);
    assert.equal(err.status, 500);
    assert.equal(err.message, message);
    assert.equal(err.delayMs, delayMs);
    return true;
  });
}

describe('agentNetworkView', () => {
  it('says at once that no agent is configured when the config has no agent key', () => {
    const lab = labHost();
    delete lab.vm(101).config['agent'];
    assertAgentError(() => agentNetworkView(lab.host, 101), 'No QEMU guest agent configured', 0);
  });

  it('says at once that a stopped VM is not running', () => {
    const lab = labHost();
    assertAgentError(() => agentNetworkView(lab.host, 102), 'VM 102 is not running', 0);
  });

  it('says the agent is not running, after the 3 s ping, until the guest has booted', () => {
    const lab = labHost({ time_scale: 0.01 });
    lab.host.start(103, CALLER);
    lab.after(2_000);
    assert.equal(lab.vm(103).status, 'running');
    assertAgentError(() => agentNetworkView(lab.host, 103), 'QEMU guest agent is not running', 30);
    lab.after(14_999);
    assertAgentError(() => agentNetworkView(lab.host, 103), 'QEMU guest agent is not running', 30);
    lab.after(1);
    assert.ok(Array.isArray(agentNetworkView(lab.host, 103).result));
  });

  it('says the agent is not running when it is disabled in the config or not installed', () => {
    const lab = labHost();
    lab.vm(101).config['agent'] = '0';
    assertAgentError(() => agentNetworkView(lab.host, 101), 'QEMU guest agent is not running', 3_000);
    lab.vm(101).config['agent'] = '1';
    lab.behave(101, { agent_installed: false });
    assertAgentError(() => agentNetworkView(lab.host, 101), 'QEMU guest agent is not running', 3_000);
  });

  it("reports the guest's address on the NIC whose MAC is net0's, in lowercase", () => {
    const lab = labHost();
    lab.vm(101).config['agent'] = 'enabled=1,fstrim_cloned_disks=1';
    const { result } = agentNetworkView(lab.host, 101);
    assert.ok(Array.isArray(result));
    assert.deepEqual(
      result.map((i) => i.name),
      ['lo', 'ens18'],
    );
    const ens18 = result[1]!;
    assert.equal(ens18['hardware-address'], 'bc:24:11:00:01:01');
    assert.deepEqual(ens18['ip-addresses']?.[0], { 'ip-address': '192.168.1.150', 'ip-address-type': 'ipv4', prefix: 24 });
  });
});
