import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostView } from '../../../src/host/host-view';
import { LINUX, NOGPU, SHARED, WINDOWS, mode, seedModes, snapshot } from '../modes/fixtures';

describe('hostView', () => {
  it('names the current mode, each mode row and the GPU holders Morpheus does not manage', () => {
    const view = hostView(seedModes(), snapshot({ running: [LINUX], unmanagedRunning: false }));
    assert.deepEqual(view.current, [LINUX]);
    assert.deepEqual(
      view.modes.map((m) => [m.name, m.status, m.current]),
      [
        [LINUX, 'running', true],
        [WINDOWS, 'stopped', false],
        [NOGPU, 'stopped', false],
        [SHARED, 'stopped', false],
      ],
    );
    assert.deepEqual(view.unmanagedGpuHolders, [{ vmid: 105, name: 'oldgaming', status: 'stopped' }]);
    assert.deepEqual(view.warnings, []);
  });

  it('warns about a mode whose VM is missing and one whose VM passes the GPU through despite gpu_mode: none', () => {
    const view = hostView(seedModes(), snapshot({ missing: [SHARED], passthrough: { 103: ['0000:01:00.0'] } }));
    assert.deepEqual(view.warnings, [
      'mode nimsforestsharedgpu: VM 104 does not exist on node pve',
      'mode nimsforestnogpu declares gpu_mode: none but its VM passes the GPU through (0000:01:00.0); Morpheus treats it as a GPU mode',
    ]);
    assert.equal(view.modes.find((m) => m.name === SHARED)?.status, 'missing');
  });

  it('warns about a resource mapping it could not resolve, saying what to grant', () => {
    const modes = [mode(LINUX, 101, 'exclusive'), mode(WINDOWS, 102, 'exclusive')];
    const view = hostView(modes, {
      ...snapshot({ modes, passthrough: { 101: ['mapping:rtx4090'], 102: ['mapping:rtx4090'] } }),
      unresolvedMappings: ['rtx4090'],
    });
    assert.equal(view.warnings.length, 1);
    assert.match(
      view.warnings[0]!,
      /^resource mapping rtx4090 names no device Morpheus can see on node pve \(grant the token Mapping\.Audit, or add the node to the mapping\)/,
    );
    // Unresolved, the mapping does not match VM 105's raw address: the warning is all the user gets.
    assert.deepEqual(view.unmanagedGpuHolders, []);
  });
});
