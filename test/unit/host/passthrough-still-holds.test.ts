import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { passthroughStillHolds } from '../../../src/host/observe-host';
import type { VmState } from '../../../src/modes/types';
import type { VmListEntry } from '../../../src/proxmox/schemas';

const earlier = (status: VmState['status'], uptimeS?: number): VmState => ({
  vmid: 101,
  name: 'cachyos',
  status,
  passthrough: ['0000:01:00'],
  ...(uptimeS !== undefined && { uptimeS }),
});
const now = (status: VmListEntry['status'], uptime?: number): VmListEntry => ({ vmid: 101, status, ...(uptime !== undefined && { uptime }) });

describe('passthroughStillHolds (a GPU check reusing the observation of its switch)', () => {
  it('holds for a VM that ran then and runs now, without a restart', () => {
    assert.equal(passthroughStillHolds(now('running', 3_700), earlier('running', 3_600)), true);
    assert.equal(passthroughStillHolds(now('running', 3_600), earlier('running', 3_600)), true);
  });

  it('holds for a VM stopped now, whatever it was: a stopped VM holds no device', () => {
    assert.equal(passthroughStillHolds(now('stopped'), earlier('running', 3_600)), true);
    assert.equal(passthroughStillHolds(now('stopped'), earlier('stopped')), true);
  });

  it('does not hold for a VM started since, or restarted since (its uptime went back): its config is read again', () => {
    assert.equal(passthroughStillHolds(now('running', 5), earlier('stopped')), false);
    assert.equal(passthroughStillHolds(now('running', 5), earlier('running', 3_600)), false);
  });

  it('does not hold for a VM the observation did not see, nor a running one whose uptime it did not know', () => {
    assert.equal(passthroughStillHolds(now('stopped'), undefined), false);
    assert.equal(passthroughStillHolds(now('running', 10), earlier('running')), false);
  });
});
