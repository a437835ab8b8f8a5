import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doctorExitCode } from '../../../src/doctor/check';
import type { VmFacts } from '../../../src/doctor/facts';
import { agentEnabled } from '../../../src/proxmox/agent-property';
import { check, configText, facts, permissionsFor, run, scenarioVms, withStatus } from './fixtures';

const GPU = '0000:01:00,pcie=1,x-vga=1';
const vmsWith = (edit: (vms: VmFacts[]) => VmFacts[]) => ({ vms: { ok: true as const, value: edit(scenarioVms()) } });
const patch = (vmid: number, change: Partial<VmFacts>) => (vms: VmFacts[]) => vms.map((v) => (v.vmid === vmid ? { ...v, ...change } : v));
const gpuBench = (status: VmFacts['status']): VmFacts => ({ vmid: 105, name: 'gpu-bench', status, config: { hostpci0: '0000:01:00,pcie=1' } });

describe('the privileges check', () => {
  it('lists each missing privilege with its path and purpose, and how to grant it; exit 7', () => {
    const permissions = permissionsFor();
    permissions['/vms/102'] = ['VM.Audit', 'VM.GuestAgent.Audit'];
    const results = run(facts({ host: { permissions: { ok: true, value: permissions } } }));
    const c = check(results, 'privileges');
    assert.deepEqual(withStatus(results, 'fail'), ['privileges']);
    assert.equal(c.summary, 'the token lacks 1 privilege Morpheus needs (PVE 9.0 names)');
    assert.deepEqual(c.details, ['✗ VM.PowerMgmt on /vms/102: to start and shut down windowsvrstreaming (the worker)']);
    assert.ok(
      c.fix.some((f) => f.includes('pveum role add Morpheus --privs "VM.Audit,VM.PowerMgmt,VM.GuestAgent.Audit,Sys.Audit,Mapping.Audit"')),
      c.fix.join('\n'),
    );
    assert.ok(
      c.fix.some((f) => f.includes("pveum acl modify / --tokens 'morpheus@pam!morpheus-token' --roles Morpheus")),
      c.fix.join('\n'),
    );
    assert.ok(!c.fix.some((f) => /no privilege at all/.test(f)));
    assert.equal(doctorExitCode(results), 7);
  });

  it('uses PVE 8 names on PVE 8: VM.Monitor for the guest agent', () => {
    const version = { version: '8.4.1', release: '8.4', repoid: 'abc' };
    const permissions = permissionsFor(['VM.Audit', 'VM.PowerMgmt', 'VM.GuestAgent.Audit', 'Sys.Audit', 'Mapping.Audit'], '8.4');
    const c = check(run(facts({ host: { version, permissions: { ok: true, value: permissions } } })), 'privileges');
    assert.deepEqual(
      c.details,
      [101, 102, 103, 104].map(
        (vmid, i) =>
          `✗ VM.Monitor on /vms/${vmid}: to ask the guest agent of ${['linuxvrstreaming', 'windowsvrstreaming', 'nimsforestnogpu', 'nimsforestsharedgpu'][i]} for its IP`,
      ),
    );
    assert.ok(
      c.fix.some((f) => f.includes('--privs "VM.Audit,VM.PowerMgmt,VM.Monitor,Sys.Audit,Mapping.Audit"')),
      c.fix.join('\n'),
    );
    assert.ok(c.fix.some((f) => f.startsWith('PVE 8 and older name the guest-agent privilege VM.Monitor')));
  });

  it('explains privilege separation when the token holds nothing at all, and does not call the unseen VMs missing', () => {
    const permissions = Object.fromEntries(Object.keys(permissionsFor()).map((p) => [p, []]));
    const results = run(facts({ host: { permissions: { ok: true, value: permissions }, vms: { ok: true, value: [] } } }));
    const c = check(results, 'privileges');
    assert.match(
      c.fix[0]!,
      /holds no privilege at all: most likely privilege separation\. A token created with privilege separation \(the default\) has only the rights granted to the token itself/,
    );
    assert.deepEqual(withStatus(results, 'fail'), ['privileges']);
    assert.equal(check(results, 'mode-vms').status, 'skip');
    assert.match(check(results, 'mode-vms').details[0]!, /^– linuxvrstreaming: VM 101 is not visible: the token lacks VM\.Audit on \/vms\/101/);
  });

  it('asks for Mapping.Audit on each mapping a VM names, and Sys.Audit on the node for HA-managed modes', () => {
    const host = vmsWith((vms) => patch(102, { config: { hostpci0: 'mapping=rtx4090,pcie=1' }, haManaged: true })(vms));
    const c = check(run(facts({ host: { ...host, permissions: { ok: true, value: {} } } })), 'privileges');
    assert.ok(
      c.details.includes('✗ Mapping.Audit or Mapping.Use or Mapping.Modify on /mapping/pci/rtx4090: to resolve resource mapping rtx4090 to its PCI devices'),
      c.details.join('\n'),
    );
    assert.ok(c.details.includes('✗ Sys.Audit on /nodes/pve: to follow the tasks HA runs (as root@pam) for VM 102'), c.details.join('\n'));
  });
});

describe('the mode VMs check', () => {
  it('fails for a mode whose VM does not exist, listing the VMs there are; exit 4', () => {
    const results = run(facts({ host: vmsWith((vms) => vms.filter((v) => v.vmid !== 102)) }));
    const c = check(results, 'mode-vms');
    assert.deepEqual(withStatus(results, 'fail'), ['mode-vms']);
    assert.equal(c.summary, '1 mode without a VM');
    assert.ok(c.details.includes('✗ windowsvrstreaming: VM 102 does not exist on node pve'));
    assert.match(c.fix[0]!, /qm list.*101 cachyos, 103 nimsforest, 104 nimsforest-gpu/);
    assert.equal(doctorExitCode(results), 4);
  });
});

describe('the gpu_mode check', () => {
  it('fails for a no-GPU mode whose VM passes the GPU through, naming the device', () => {
    const results = run(facts({ host: vmsWith(patch(103, { config: { agent: '1', hostpci0: GPU } })) }));
    assert.deepEqual(withStatus(results, 'fail'), ['gpu-mode']);
    const line = check(results, 'gpu-mode').details.find((d) => d.includes('nimsforestnogpu'))!;
    assert.equal(
      line,
      '✗ nimsforestnogpu: declares gpu_mode: none, but VM 103 passes the GPU through: hostpci0: 0000:01:00 (NVIDIA GeForce RTX 4090), x-vga=1; Morpheus treats it as a GPU mode',
    );
  });

  it('fails for a GPU mode whose VM passes nothing through, with the command to fix it', () => {
    const c = check(run(facts({ host: vmsWith(patch(102, { config: { agent: '1' } })) })), 'gpu-mode');
    assert.ok(c.details.includes('✗ windowsvrstreaming: declares gpu_mode: exclusive, but VM 102 passes no PCI device through (no hostpciN)'));
    assert.match(c.fix[0]!, /qm set 102 --hostpci0 0000:01:00,pcie=1,x-vga=1/);
  });

  it('warns when a GPU mode passes through no display device', () => {
    const c = check(run(facts({ host: vmsWith(patch(104, { config: { agent: '1', hostpci0: '0000:03:00.0' } })) })), 'gpu-mode');
    assert.equal(c.status, 'warn');
    assert.ok(
      c.details.includes(
        '⚠ nimsforestsharedgpu: declares gpu_mode: shared, but none of hostpci0: 0000:03:00.0 (Intel Ethernet Controller I226-V) is a display device',
      ),
      c.details.join('\n'),
    );
  });

  it('names the devices behind a resource mapping, and warns when the mapping cannot be resolved', () => {
    const host = vmsWith(patch(102, { config: { agent: '1', hostpci0: 'mapping=rtx4090,pcie=1' } }));
    const resolved = check(
      run(facts({ host: { ...host, pciMappings: { ok: true, value: [{ id: 'rtx4090', map: ['node=pve,path=0000:01:00.0'] }] } } })),
      'gpu-mode',
    );
    assert.ok(
      resolved.details.includes('✓ windowsvrstreaming: declares gpu_mode: exclusive; hostpci0: mapping rtx4090 → 0000:01:00.0 (NVIDIA GeForce RTX 4090)'),
      resolved.details.join('\n'),
    );
    const unresolved = check(run(facts({ host: { ...host, pciMappings: { ok: true, value: [] } } })), 'gpu-mode');
    assert.equal(unresolved.status, 'warn');
    assert.match(unresolved.fix[0]!, /grant the token Mapping\.Audit/);
  });
});

describe('the shared devices check', () => {
  it('fails while a VM that is not a mode runs with the GPU, naming it', () => {
    const results = run(facts({ host: vmsWith((vms) => [...patch(101, { status: 'stopped' })(vms), gpuBench('running')]) }));
    assert.deepEqual(withStatus(results, 'fail'), ['shared-devices']);
    const c = check(results, 'shared-devices');
    assert.deepEqual(c.details, [
      '✗ VM 105 (gpu-bench), not a mode, passes 0000:01:00 (NVIDIA GeForce RTX 4090) through and is running: no GPU mode can start',
    ]);
    assert.match(c.summary, /passed through by the modes linuxvrstreaming, windowsvrstreaming, nimsforestsharedgpu, and by 1 other VM/);
  });

  it('warns about a stopped one', () => {
    const c = check(run(facts({ host: vmsWith((vms) => [...vms, gpuBench('stopped')]) })), 'shared-devices');
    assert.equal(c.status, 'warn');
    assert.match(c.fix[0]!, /keep it stopped \(no onboot\), make it a mode/);
  });
});

describe('the guest agent check', () => {
  it('fails for a mode waiting for an agent its VM does not enable', () => {
    const results = run(facts({ host: vmsWith(patch(102, { config: { hostpci0: GPU } })) }));
    assert.deepEqual(withStatus(results, 'fail'), ['guest-agent']);
    const c = check(results, 'guest-agent');
    assert.ok(c.details.includes("✗ windowsvrstreaming: the guest agent is not enabled in VM 102's config"));
    assert.match(c.fix[0]!, /^qm set 102 --agent enabled=1, then power the VM off and on once/);
  });

  it('fails for a running mode whose agent does not answer', () => {
    const c = check(run(facts({ host: { agents: { 101: { kind: 'agent-not-running' } } } })), 'guest-agent');
    assert.ok(c.details.includes('✗ linuxvrstreaming: enabled, but the agent in VM 101 does not answer'));
    assert.match(c.fix[0]!, /qemu-guest-agent/);
  });

  it('does not ask for an agent when the mode waits for a port or not at all', () => {
    const text = configText({ modeExtra: 'network: { wait: tcp, host: "192.168.1.151", port: 3389 }' });
    const withoutAgents = vmsWith((vms) => vms.map((v) => ({ ...v, config: { ...v.config, agent: '0' } })));
    const c = check(run(facts({ text, host: withoutAgents })), 'guest-agent');
    assert.equal(c.status, 'ok');
    assert.ok(
      c.details.every((d) => d.endsWith('not used (network wait: tcp 192.168.1.151:3389)')),
      c.details.join('\n'),
    );
  });

  it('reads the agent property as Proxmox writes it', () => {
    assert.deepEqual(['1', 'enabled=1,fstrim_cloned_disks=1', '1,type=virtio', 'type=isa,enabled=1', '0', 'enabled=0', 'type=virtio', ''].map(agentEnabled), [
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    assert.equal(agentEnabled(undefined), false);
    assert.equal(agentEnabled(1), true);
  });
});
