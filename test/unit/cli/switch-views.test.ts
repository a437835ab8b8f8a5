import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { colorsFor } from '../../../src/cli/render/colors';
import { dryRunView, switchCommandView, type SwitchCommandResult } from '../../../src/cli/render/switch-views';
import type { SwitchRun } from '../../../src/cli/switch-runs';
import { ExitCode } from '../../../src/errors';
import type { Plan } from '../../../src/modes/types';
import type { SwitchInput, SwitchResult } from '../../../src/contract/switch';
import { runMain } from '../../support/cli-in-process';

const c = colorsFor({ isTTY: false }, {}, false);
const input: SwitchInput = { action: 'switch', target: 'windowsvrstreaming', force: false, requestedBy: 'cli:alice@laptop' };
const run = {
  workflowId: 'morpheus-switch-pve',
  runId: 'r1',
  status: 'RUNNING',
  startTime: new Date(0),
  closeTime: undefined,
  summary: 'pve: linuxvrstreaming → windowsvrstreaming',
  request: input,
  handle: {},
} as unknown as SwitchRun;
const step = (label: string, status: 'done' | 'failed' | 'cancelled', detail?: string) => ({
  id: label,
  label,
  status,
  startedAt: 0,
  durationMs: 1200,
  ...(detail && { detail }),
});
const refused: Extract<Plan, { kind: 'refused' }> = {
  kind: 'refused',
  action: 'switch',
  target: 'nimsforestsharedgpu',
  running: ['linuxvrstreaming'],
  refusals: [{ kind: 'declared-conflict', modes: ['linuxvrstreaming'], declared: ['linuxvrstreaming', 'windowsvrstreaming'] }],
  alternatives: ['nimsforestnogpu'],
};
const result: SwitchResult = {
  outcome: 'switched',
  input,
  from: ['linuxvrstreaming'],
  network: { confirmed: true, via: 'agent', address: '192.168.1.151', afterMs: 900 },
  steps: [step('Shutting down linuxvrstreaming (VM 101)', 'done')],
  plan: { kind: 'run', action: 'switch', target: 'windowsvrstreaming', running: ['linuxvrstreaming'], steps: [] },
};
const closed = (outcome: Extract<SwitchCommandResult, { kind: 'closed' }>['outcome']): SwitchCommandResult => ({
  kind: 'closed',
  run,
  input,
  outcome,
  url: 'http://ui/wf',
  gpu: 'AD102 [GeForce RTX 4090] (exclusive)',
});

describe('what mode switch|start|stop prints, and its exit code', () => {
  const cases: [string, SwitchCommandResult, ExitCode, RegExp, Record<string, unknown>][] = [
    [
      'a refusal',
      { kind: 'refused', plan: refused },
      ExitCode.refused,
      /^❌ Cannot switch to nimsforestsharedgpu/,
      { outcome: 'refused', target: 'nimsforestsharedgpu', alternatives: ['nimsforestnogpu'] },
    ],
    [
      'a busy host',
      { kind: 'busy', node: 'pve', run, running: input, since: 1_000, url: undefined, at: 13_000 },
      ExitCode.busy,
      /^⏳ Another switch is in progress on pve: switch to windowsvrstreaming, requested by cli:alice@laptop, running for 12s/,
      { outcome: 'busy', workflow_id: 'morpheus-switch-pve', started_at: '1970-01-01T00:00:01.000Z' },
    ],
    [
      'a start in the background',
      { kind: 'background', run, url: 'http://ui/wf' },
      ExitCode.ok,
      /^Started morpheus-switch-pve \(run r1\)/,
      { outcome: 'started-in-background', web_ui: 'http://ui/wf' },
    ],
    ['Ctrl-C while watching', { kind: 'detached' }, ExitCode.interrupted, /^$/, { outcome: 'detached' }],
    [
      'a completed switch',
      closed({ kind: 'completed', result }),
      ExitCode.ok,
      /^✅ Now in windowsvrstreaming mode\n {3}IP: 192\.168\.1\.151\n {3}GPU: AD102 \[GeForce RTX 4090\] \(exclusive\)\n {3}Web UI: http:\/\/ui\/wf$/,
      { outcome: 'switched', from: ['linuxvrstreaming'], error: null },
    ],
    [
      'a failure rolled back',
      closed({
        kind: 'failed',
        type: 'SwitchFailedError',
        message: 'Starting windowsvrstreaming (VM 102) failed: QEMU exited',
        details: { causeType: 'ProxmoxTaskFailedError', rollback: { restored: ['linuxvrstreaming'] }, steps: [] },
      }),
      ExitCode.failed,
      /^❌ Switch to windowsvrstreaming failed: Starting windowsvrstreaming \(VM 102\) failed: QEMU exited\n {3}Rolled back: linuxvrstreaming running again/,
      {
        outcome: 'failed',
        error: {
          type: 'ProxmoxTaskFailedError',
          message: 'Starting windowsvrstreaming (VM 102) failed: QEMU exited',
          hint: null,
          rollback: { restored: ['linuxvrstreaming'] },
        },
      },
    ],
    [
      'a failure on a refused token',
      closed({
        kind: 'failed',
        type: 'SwitchFailedError',
        message: 'Observing the host failed: 401',
        details: { causeType: 'ProxmoxAuthError', causeExitCode: 7, steps: [] },
      }),
      ExitCode.auth,
      /^❌ Switch to windowsvrstreaming failed: Observing the host failed: 401/,
      { outcome: 'failed' },
    ],
    [
      'a cancellation',
      closed({
        kind: 'cancelled',
        message: 'cancelled on request after: Shutting down linuxvrstreaming (VM 101)',
        details: { steps: [], rollback: { restored: ['linuxvrstreaming'] } },
      }),
      ExitCode.cancelled,
      /^⊘ Switch to windowsvrstreaming cancelled on request after: Shutting down linuxvrstreaming \(VM 101\)\n {3}Rolled back: linuxvrstreaming running again/,
      { outcome: 'cancelled' },
    ],
  ];
  for (const [what, r, code, text, json] of cases) {
    it(`${what}: exit ${code}, its words and its JSON`, () => {
      assert.equal(switchCommandView.exitCode(r), code);
      assert.match(switchCommandView.text(r, c).join('\n'), text);
      const shape = switchCommandView.json(r) as Record<string, unknown>;
      for (const [key, value] of Object.entries(json)) assert.deepEqual(shape[key], value, key);
    });
  }

  it('a refused dry run exits 3 and lists no steps; a plan to run exits 0', () => {
    assert.equal(dryRunView.exitCode(refused), ExitCode.refused);
    assert.deepEqual((dryRunView.json(refused) as { steps: unknown[] }).steps, []);
    assert.equal(dryRunView.exitCode(result.plan), ExitCode.ok);
  });

  it('still takes --wait, the old name of --queue, and says so', async () => {
    const r = await runMain(['mode', 'switch', 'windowsvrstreaming', '--wait', '--config', '/nonexistent/morpheus.yaml']);
    assert.match(r.stderr, /warning: --wait is now --queue; --wait still works but will go away/);
    assert.equal(r.code, ExitCode.usage);
  });
});
