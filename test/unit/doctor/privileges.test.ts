import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agentPrivileges, holdsNothing, missingPrivileges, requiredPaths, requiredPrivileges, roleFor } from '../../../src/doctor/privileges';
import { mode } from '../modes/fixtures';

describe('requiredPrivileges', () => {
  const modes = [mode('vr', 101, 'exclusive'), { ...mode('compute', 103, 'none'), network: { wait: 'none' as const } }];

  it('asks for VM.Audit on all of /vms, power on each mode, the agent only where a mode waits for it, Sys.Audit on /', () => {
    const required = requiredPrivileges({ node: 'pve', release: '9.0', modes, mappings: [], haVmids: [] });
    assert.deepEqual(
      required.map((r) => `${r.anyOf.join('|')} ${r.path}`),
      [
        'VM.Audit /vms',
        'VM.Audit /vms/101',
        'VM.PowerMgmt /vms/101',
        'VM.GuestAgent.Audit|VM.GuestAgent.Unrestricted /vms/101',
        'VM.Audit /vms/103',
        'VM.PowerMgmt /vms/103',
        'Sys.Audit|Sys.Modify /',
      ],
    );
    assert.deepEqual(requiredPaths(required), ['/vms', '/vms/101', '/vms/103', '/']);
  });

  it('names the guest-agent privilege by release, and the role likewise', () => {
    assert.deepEqual([agentPrivileges('8.4'), agentPrivileges('9.1')], [['VM.Monitor'], ['VM.GuestAgent.Audit', 'VM.GuestAgent.Unrestricted']]);
    assert.deepEqual(['7.4', '8.4', '9.0'].map(roleFor), [
      'VM.Audit,VM.PowerMgmt,VM.Monitor,Sys.Audit',
      'VM.Audit,VM.PowerMgmt,VM.Monitor,Sys.Audit,Mapping.Audit',
      'VM.Audit,VM.PowerMgmt,VM.GuestAgent.Audit,Sys.Audit,Mapping.Audit',
    ]);
  });

  it('is met by any one of an any-of list, on the path itself', () => {
    const required = requiredPrivileges({ node: 'pve', release: '9.0', modes: [modes[0]!], mappings: [], haVmids: [] });
    const held = { '/vms': ['VM.Audit'], '/vms/101': ['VM.Audit', 'VM.PowerMgmt', 'VM.GuestAgent.Unrestricted'], '/': ['Sys.Modify'] };
    assert.deepEqual(missingPrivileges(required, held), []);
    assert.deepEqual(
      missingPrivileges(required, { ...held, '/': [] }).map((r) => r.path),
      ['/'],
    );
  });

  it('tells a token that holds nothing from one that lacks something', () => {
    assert.equal(holdsNothing({ '/': [], '/vms': [] }), true);
    assert.equal(holdsNothing({ '/': [], '/vms': ['VM.Audit'] }), false);
  });
});
