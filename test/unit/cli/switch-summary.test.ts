import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runningSwitchText, switchSummary } from '../../../src/contract/switch-summary';

describe('switchSummary', () => {
  it('reads "node: from → to" for a switch, naming every running mode or none', () => {
    assert.equal(switchSummary('pve1', ['linuxvrstreaming'], { action: 'switch', target: 'windowsvrstreaming' }), 'pve1: linuxvrstreaming → windowsvrstreaming');
    assert.equal(switchSummary('pve1', ['nimsforestnogpu', 'linuxvrstreaming'], { action: 'switch', target: 'windowsvrstreaming' }), 'pve1: nimsforestnogpu, linuxvrstreaming → windowsvrstreaming');
    assert.equal(switchSummary('pve1', [], { action: 'switch', target: 'nimsforestnogpu' }), 'pve1: none → nimsforestnogpu');
  });

  it('reads "node: action mode" for a start or a stop', () => {
    assert.equal(switchSummary('pve1', ['linuxvrstreaming'], { action: 'start', target: 'nimsforestnogpu' }), 'pve1: start nimsforestnogpu');
    assert.equal(switchSummary('pve1', ['linuxvrstreaming'], { action: 'stop', target: 'linuxvrstreaming' }), 'pve1: stop linuxvrstreaming');
  });
});

describe('runningSwitchText', () => {
  const request = { action: 'switch', target: 'windowsvrstreaming', requestedBy: 'cli:alice@laptop' } as const;

  it('names the action, target and requester when the run answered its progress query', () => {
    assert.equal(runningSwitchText('pve1', request, 'pve1: linuxvrstreaming → windowsvrstreaming', 'morpheus-switch-pve1'), 'switch to windowsvrstreaming, requested by cli:alice@laptop');
  });

  it('falls back to the summary without the node the sentence already names', () => {
    for (const [running, input] of [
      [['linuxvrstreaming'], { action: 'switch', target: 'windowsvrstreaming' }],
      [[], { action: 'switch', target: 'nimsforestnogpu' }],
      [['linuxvrstreaming'], { action: 'start', target: 'nimsforestnogpu' }],
    ] as const) {
      const summary = switchSummary('pve-a1', running, input);
      const text = runningSwitchText('pve-a1', undefined, summary, 'morpheus-switch-pve-a1');
      assert.equal(`pve-a1: ${text}`, summary);
      assert.ok(!text.startsWith('pve-a1'), text);
    }
  });

  it('keeps a summary written for another node whole, and uses the workflow id when there is no summary', () => {
    assert.equal(runningSwitchText('pve1', undefined, 'pve2: none → nimsforestnogpu', 'w'), 'pve2: none → nimsforestnogpu');
    assert.equal(runningSwitchText('pve1', undefined, undefined, 'morpheus-switch-pve1'), 'morpheus-switch-pve1');
  });
});
