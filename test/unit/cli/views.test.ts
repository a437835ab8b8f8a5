import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HistoryEntry } from '../../../src/cli/commands/mode-history';
import type { ModeListResult } from '../../../src/cli/commands/mode-list';
import { EXIT_CODES_HELP, exitCodeForFailure } from '../../../src/cli/exit-codes';
import { colorsFor } from '../../../src/cli/render/colors';
import { historyView } from '../../../src/cli/render/history';
import { modeListView } from '../../../src/cli/render/mode-list';
import { syncView } from '../../../src/cli/render/schedules';
import type { ScheduleConfig } from '../../../src/config/schedules-schema';
import { EXIT_CODE_MEANINGS, ExitCode } from '../../../src/errors';
import { FailureType } from '../../../src/shared/failure-types';

const c = colorsFor({ isTTY: false }, {}, false);

describe('mode list, as text and JSON', () => {
  const result: ModeListResult = {
    view: {
      node: 'pve',
      modes: [
        {
          name: 'linuxvrstreaming',
          aliases: ['vr'],
          vmid: 101,
          status: 'running',
          gpuMode: 'exclusive',
          description: 'Linux VR',
          current: true,
          lock: undefined,
        },
        { name: 'nimsforestnogpu', aliases: [], vmid: 103, status: 'stopped', gpuMode: 'none', description: 'Compute', current: false, lock: 'backup' },
      ],
      current: ['linuxvrstreaming'],
      unmanagedGpuHolders: [{ vmid: 105, name: 'gpu-bench', status: 'stopped' }],
      warnings: [],
    },
    info: { kind: 'unavailable', reason: 'cannot reach Temporal at localhost:7233: connection refused' },
    at: 0,
  } as unknown as ModeListResult;

  it('prints the table, the current mode, other GPU holders, aliases, locks and an unknown switch state', () => {
    const text = modeListView.text(result, c).join('\n');
    assert.match(
      text,
      /^MODE +VMID +STATUS +GPU +DESCRIPTION\n-+\nlinuxvrstreaming +101 +running +exclusive +Linux VR \(also: vr\)\nnimsforestnogpu +103 +stopped +none +Compute \[locked: backup\]\n\nCurrent mode: linuxvrstreaming\n/,
    );
    assert.match(text, /GPU also passed through by VM 105 \(gpu-bench\), not managed by Morpheus: stopped/);
    assert.match(text, /\(switch status unknown: cannot reach Temporal at localhost:7233: connection refused\)$/);
    assert.equal(modeListView.exitCode(result), ExitCode.ok);
  });

  it('gives the same in JSON, with the switch state unknown rather than missing', () => {
    const json = modeListView.json(result) as { current: string[]; modes: { aliases: string[]; lock: string | null }[]; switch: { status: string } };
    assert.deepEqual(json.current, ['linuxvrstreaming']);
    assert.deepEqual(
      json.modes.map((m) => [m.aliases, m.lock]),
      [
        [['vr'], null],
        [[], 'backup'],
      ],
    );
    assert.equal(json.switch.status, 'unknown');
  });
});

describe('mode history, as text and JSON', () => {
  const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({
    workflowId: 'morpheus-switch-pve',
    runId: 'r1',
    startedAt: new Date(2026, 11, 4, 19, 0),
    closedAt: new Date(2026, 11, 4, 19, 0, 38),
    action: 'switch',
    from: ['linuxvrstreaming'],
    to: 'windowsvrstreaming',
    requestedBy: 'schedule:vr-friday',
    outcome: 'switched',
    memo: {},
    ...over,
  });
  const history = {
    node: 'pve',
    entries: [
      entry({ memo: { forcedStops: ['linuxvrstreaming'] } }),
      entry({ runId: 'r2', outcome: 'failed', memo: { rollback: { restored: ['linuxvrstreaming'] } } }),
      entry({
        runId: 'r3',
        action: 'start',
        from: [],
        to: 'nimsforestnogpu',
        outcome: 'skipped',
        closedAt: new Date(2026, 11, 4, 19, 10),
        memo: { reason: 'a switch was still running after waiting 10 min' },
      }),
    ],
    webUi: () => undefined,
  };

  it('shows when, from → to, who asked, the outcome and how long it took, then what each run has to add', () => {
    const text = historyView.text(history, c).join('\n');
    assert.match(text, /2026-12-04 19:00 +linuxvrstreaming → windowsvrstreaming +schedule:vr-friday +switched +38s/);
    assert.match(text, /failed, rolled back/);
    assert.match(text, /start nimsforestnogpu +schedule:vr-friday +skipped/);
    assert.match(text, /forced stop: linuxvrstreaming ignored the ACPI shutdown/);
    assert.match(text, /rolled back: linuxvrstreaming/);
    assert.match(text, /a switch was still running after waiting 10 min/);
  });

  it('gives every field in JSON', () => {
    const [first] = (historyView.json(history) as { switches: Record<string, unknown>[] }).switches;
    assert.deepEqual(first, {
      workflow_id: 'morpheus-switch-pve',
      run_id: 'r1',
      started_at: new Date(2026, 11, 4, 19, 0).toISOString(),
      closed_at: new Date(2026, 11, 4, 19, 0, 38).toISOString(),
      duration_ms: 38_000,
      action: 'switch',
      from: ['linuxvrstreaming'],
      to: 'windowsvrstreaming',
      requested_by: 'schedule:vr-friday',
      outcome: 'switched',
      forced_stops: ['linuxvrstreaming'],
      rollback: null,
      reason: null,
      web_ui: null,
    });
  });

  it('says where the history ends when there is none', () =>
    assert.match(historyView.text({ ...history, entries: [] }, c)[0]!, /^No switches recorded on pve/));
});

describe('schedule sync, as a diff', () => {
  const def = (cron: string): ScheduleConfig => ({
    mode: 'windowsvrstreaming',
    cron,
    timezone: 'UTC',
    action: 'switch',
    force: false,
    note: '',
    paused: false,
    catchup_window: 300_000,
    max_wait: 600_000,
  });
  const plan = {
    changes: [
      { kind: 'create', name: 'a', def: def('@daily') },
      { kind: 'update', name: 'b', def: def('0 6 * * *'), fields: [{ key: 'cron', from: '0 5 * * *', to: '0 6 * * *' }] },
      { kind: 'delete', name: 'c', def: def('@weekly') },
    ],
    unchanged: ['d'],
    conflicts: [],
  } as const;

  it('marks what it creates, changes and deletes, and what it leaves', () => {
    assert.deepEqual(syncView.text({ node: 'pve', plan, applied: false }, c), [
      'Would apply (dry run) on pve:',
      '  + a: switch windowsvrstreaming, every day at 00:00 (UTC)',
      '  ~ b',
      '      cron: "0 5 * * *" → "0 6 * * *"',
      '  - c: switch windowsvrstreaming, Sundays at 00:00 (UTC)',
      '  = unchanged: d',
      'Run without --dry-run to apply.',
    ]);
    assert.deepEqual(syncView.json({ node: 'pve', plan, applied: true }), {
      node: 'pve',
      applied: true,
      create: ['a'],
      update: [{ name: 'b', fields: [{ key: 'cron', from: '0 5 * * *', to: '0 6 * * *' }] }],
      delete: ['c'],
      unchanged: ['d'],
    });
  });
});

describe('exit codes', () => {
  it('come from the error that failed the step, then from the failure type, else "failed"', () => {
    const failed = (details: object) => ({ kind: 'failed' as const, type: FailureType.failed, message: 'x', details });
    assert.equal(exitCodeForFailure(failed({ causeType: 'ProxmoxAuthError', causeExitCode: ExitCode.auth })), ExitCode.auth);
    assert.equal(exitCodeForFailure(failed({ causeType: FailureType.hostAsleep })), ExitCode.unreachable);
    assert.equal(exitCodeForFailure(failed({ causeType: 'ProxmoxTaskFailedError' })), ExitCode.failed);
    assert.equal(exitCodeForFailure({ kind: 'failed', type: FailureType.refused, message: 'x', details: {} }), ExitCode.refused);
    assert.equal(exitCodeForFailure({ kind: 'cancelled', message: 'x', details: {} }), ExitCode.cancelled);
  });

  it('are listed in --help from the one table of meanings', () => {
    for (const [code, meaning] of Object.entries(EXIT_CODE_MEANINGS)) assert.ok(EXIT_CODES_HELP.includes(`  ${code.padEnd(2)} ${meaning}`), code);
    assert.equal(EXIT_CODES_HELP.split('\n').length, Object.keys(ExitCode).length + 1);
  });
});
