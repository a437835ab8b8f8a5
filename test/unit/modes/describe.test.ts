import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRefusal, refusalSummary } from '../../../src/modes/describe';
import type { Plan } from '../../../src/modes/types';
import { plan } from '../../../src/modes/planner';
import { LINUX, NOGPU, SHARED, WINDOWS, seedModes, snapshot } from './fixtures';
import type { SnapshotOptions } from './fixtures';

type Refused = Extract<Plan, { kind: 'refused' }>;

function refused(action: 'switch' | 'start', target: string, options: SnapshotOptions = {}): Refused {
  const p = plan(seedModes(), snapshot(options), { action, target });
  assert.equal(p.kind, 'refused', JSON.stringify(p));
  return p as Refused;
}

describe('describeRefusal', () => {
  it("tells the seed's story: the conflicts, which one runs, how to stop it, --force, and nimsforestnogpu", () => {
    assert.deepEqual(describeRefusal(refused('switch', SHARED, { running: [LINUX] })), {
      headline: 'Cannot switch to nimsforestsharedgpu',
      reasons: ['Conflicts with: linuxvrstreaming (running), windowsvrstreaming'],
      advice: 'Stop linuxvrstreaming first (morpheus mode stop linuxvrstreaming), or use --force to preempt it, or use nimsforestnogpu instead.',
    });
  });

  it('offers no alternative when nothing else could start', () => {
    const { advice } = describeRefusal(refused('switch', SHARED, { running: [WINDOWS, NOGPU] }));
    assert.equal(advice, 'Stop windowsvrstreaming first (morpheus mode stop windowsvrstreaming), or use --force to preempt it.');
  });

  it('explains an incompatible start without suggesting --force, which cannot help', () => {
    assert.deepEqual(describeRefusal(refused('start', WINDOWS, { running: [LINUX] })), {
      headline: 'Cannot start windowsvrstreaming',
      reasons: [
        'Conflicts with: linuxvrstreaming (windowsvrstreaming (exclusive) and linuxvrstreaming (exclusive) both need the GPU; both pass through PCI device 0000:01:00)',
      ],
      advice: 'Stop linuxvrstreaming first (morpheus mode stop linuxvrstreaming), or use nimsforestnogpu instead.',
    });
  });

  it('names the unmanaged GPU holder and its VMID', () => {
    assert.deepEqual(describeRefusal(refused('switch', LINUX, { unmanagedRunning: true })), {
      headline: 'Cannot switch to linuxvrstreaming',
      reasons: ['VM 105 (oldgaming) is running and not managed by Morpheus: both pass through PCI device 0000:01:00'],
      advice: 'Shut down VM 105 in Proxmox first (Morpheus does not manage it), or use nimsforestnogpu instead.',
    });
  });

  it('lists the known modes for an unknown one, and no alternatives', () => {
    assert.deepEqual(describeRefusal(refused('switch', 'windows', { running: [LINUX] })), {
      headline: 'Cannot switch to windows',
      reasons: ['unknown mode "windows"; known modes: linuxvrstreaming, windowsvrstreaming, nimsforestnogpu, nimsforestsharedgpu'],
      advice: undefined,
    });
  });

  it('says which VM is missing or in an unknown state', () => {
    assert.deepEqual(describeRefusal(refused('switch', WINDOWS, { missing: [WINDOWS] })).reasons, [
      'VM 102 of mode windowsvrstreaming does not exist on this node',
    ]);
    assert.deepEqual(describeRefusal(refused('switch', WINDOWS, { unknown: [NOGPU] })).reasons, ['the state of VM 103 (nimsforestnogpu) is unknown']);
  });
});

describe('refusalSummary', () => {
  it("puts the seed's refusal on one line", () => {
    assert.equal(
      refusalSummary(refused('switch', SHARED, { running: [LINUX] })),
      'Cannot switch to nimsforestsharedgpu: Conflicts with: linuxvrstreaming (running), windowsvrstreaming. ' +
        'Stop linuxvrstreaming first (morpheus mode stop linuxvrstreaming), or use --force to preempt it, or use nimsforestnogpu instead.',
    );
  });

  it('joins several reasons with semicolons and ends without advice when there is none', () => {
    const p = refused('switch', LINUX, { unknown: [WINDOWS, SHARED] });
    assert.equal(p.alternatives.length, 0);
    assert.equal(
      refusalSummary(p),
      'Cannot switch to linuxvrstreaming: the state of VM 102 (windowsvrstreaming) is unknown; the state of VM 104 (nimsforestsharedgpu) is unknown',
    );
  });
});
