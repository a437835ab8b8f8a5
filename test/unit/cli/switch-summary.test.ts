import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runningSwitchText, switchSummary } from '../../../src/contract/switch-summary';

describe('switchSummary', () => {
  it('reads "node: from → to" for a switch, naming every running mode or none', () => {
    assert.equal(
      switchSummary('pve1', ['linuxvrstreaming'], { action: 'switch', target: 'windowsvrstreaming' }),
      'pve1: linuxvrstreaming → windowsvrstreaming',
    );
    assert.equal(
      switchSummary('pve1', ['nimsforestnogpu', 'linuxvrstreaming'], { action: 'switch', target: 'windowsvrstreaming' }),
      'pve1: nimsforestnogpu, linuxvrstreaming → windowsvrstreaming',
    );
    assert.equal(switchSummary('pve1', [], { action: 'switch', target: 'nimsforestnogpu' }), 'pve1: none → nimsforestnogpu');
  });

  it('reads "node: action mode" for a start or a stop', () => {
    assert.equal(switchSummary('pve1', ['linuxvrstreaming'], { action: 'start', target: 'nimsforestnogpu' }), 'pve1: start nimsforestnogpu');
    assert.equal(switchSummary('pve1', ['linuxvrstreaming'], { action: 'stop', target: 'linuxvrstreaming' }), 'pve1: stop linuxvrstreaming');
  });
});

describe('runningSwitchText', () => {
  const request = { action: 'switch', target: 'windowsvrstreaming', requestedBy: 'cli:alice@laptop' } as const;

  it('names the action, target and requester from the run (its progress query or its memo)', () => {
    assert.equal(
      runningSwitchText(request, 'pve1: linuxvrstreaming → windowsvrstreaming', 'morpheus-switch-pve1'),
      'switch to windowsvrstreaming, requested by cli:alice@laptop',
    );
  });

  it('shows the summary whole (never cut back into data) when the run says nothing else, else its workflow id', () => {
    assert.equal(runningSwitchText(undefined, 'pve2: none → nimsforestnogpu', 'w'), 'pve2: none → nimsforestnogpu');
    assert.equal(runningSwitchText(undefined, undefined, 'morpheus-switch-pve1'), 'morpheus-switch-pve1');
  });
});
