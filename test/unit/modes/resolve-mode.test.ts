import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptedModeNames, modeWithAliases, resolveMode } from '../../../src/modes/resolve-mode';

const MODES = [{ name: 'linuxvrstreaming', aliases: ['vr', 'linux'] }, { name: 'windowsvrstreaming', aliases: ['win'] }, { name: 'nimsforestnogpu' }];

describe('resolveMode', () => {
  it('finds a mode by its own name', () => assert.equal(resolveMode(MODES, 'windowsvrstreaming'), MODES[1]));
  it('finds a mode by any of its aliases', () => {
    assert.equal(resolveMode(MODES, 'vr'), MODES[0]);
    assert.equal(resolveMode(MODES, 'linux'), MODES[0]);
    assert.equal(resolveMode(MODES, 'win'), MODES[1]);
  });
  it('finds nothing for an unknown name, a prefix or another case', () => {
    for (const name of ['gaming', 'windows', 'VR', '']) assert.equal(resolveMode(MODES, name), undefined, name);
  });
  it('prefers a mode name over an alias (the config refuses that overlap anyway)', () => {
    const overlapping = [{ name: 'a', aliases: ['b'] }, { name: 'b' }];
    assert.equal(resolveMode(overlapping, 'b'), overlapping[1]);
  });
});

describe('acceptedModeNames and modeWithAliases', () => {
  it('list every name a user may type, and show a mode with its aliases', () => {
    assert.deepEqual(acceptedModeNames(MODES), ['linuxvrstreaming', 'vr', 'linux', 'windowsvrstreaming', 'win', 'nimsforestnogpu']);
    assert.deepEqual(MODES.map(modeWithAliases), ['linuxvrstreaming (vr, linux)', 'windowsvrstreaming (win)', 'nimsforestnogpu']);
  });
});
