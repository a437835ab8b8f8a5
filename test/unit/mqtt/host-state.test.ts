import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PlanStep } from '../../../src/modes/types';
import { hostState, selectedOption, stepOf, type HostReading, type ModesReading, type SwitchReading } from '../../../src/mqtt/host-state';
import { FailureType } from '../../../src/shared/failure-types';
import type { Phase, StepRecord, SwitchInput, SwitchProgress, SwitchResult } from '../../../src/contract/switch';

const input: SwitchInput = { action: 'switch', target: 'windows', force: false, requestedBy: 'home-assistant:test' };
const T0 = new Date('2026-05-01T19:00:00Z');
const T1 = new Date('2026-05-01T19:00:42Z');

const planSteps: PlanStep[] = [
  { kind: 'stop', mode: 'linux', vmid: 101, shutdownTimeoutMs: 60_000 },
  { kind: 'verify-gpu-free', mode: 'windows', vmid: 102 },
  { kind: 'start', mode: 'windows', vmid: 102, startTimeoutMs: 120_000 },
  { kind: 'wait-network', mode: 'windows', vmid: 102, network: { wait: 'none' } },
];

const step = (id: string, label: string, status: StepRecord['status'] = 'done'): StepRecord => ({ id, label, status, startedAt: 0 });

function progress(phase: Phase, steps: StepRecord[], plan = true): SwitchProgress {
  return {
    input,
    startedAt: 0,
    phase,
    from: ['linux'],
    ...(plan && { plan: { kind: 'run', action: 'switch', target: 'windows', running: ['linux'], steps: planSteps } }),
    steps,
  } as SwitchProgress;
}

const ok = (running: string[], ip?: string): ModesReading => ({ kind: 'ok', running, ip });
const runningSwitch = (p: SwitchProgress | undefined): SwitchReading => ({
  kind: 'running',
  workflowId: 'morpheus-switch-pve',
  startedAt: T0,
  request: input,
  progress: p,
});
const closed = (outcome: Extract<SwitchReading, { kind: 'closed' }>['outcome'], status = 'COMPLETED'): SwitchReading => ({
  kind: 'closed',
  workflowId: 'morpheus-switch-pve',
  status,
  summary: 'pve: linux → windows',
  from: ['linux'],
  request: input,
  closedAt: T1,
  outcome,
});
const completed = (o: SwitchResult['outcome']) => ({ kind: 'completed' as const, result: { outcome: o } as SwitchResult });
const reading = (modes: ModesReading, s: SwitchReading): HostReading => ({ node: 'pve', modes, switch: s });

describe('stepOf: where a running switch is', () => {
  const cases: [string, SwitchProgress | undefined, string, number | null, string | null][] = [
    ['no worker answered the progress query', undefined, 'switching', null, null],
    [
      'observing, before the plan exists',
      progress('observing', [step('observe', 'Observing the host', 'running')], false),
      'switching: observing the host',
      null,
      'Observing the host',
    ],
    ['planned, the first step not begun yet', progress('running', [step('observe', 'Observing the host')]), 'switching: step 1 of 4', 1, null],
    [
      'at the first step',
      progress('running', [step('observe', 'o'), step('stop:101', 'Shutting down linux (VM 101)', 'running')]),
      'switching: step 1 of 4',
      1,
      'Shutting down linux (VM 101)',
    ],
    [
      'at the third step',
      progress('running', [step('observe', 'o'), step('stop:101', 's'), step('gpu:102', 'g'), step('start:102', 'Starting windows (VM 102)', 'running')]),
      'switching: step 3 of 4',
      3,
      'Starting windows (VM 102)',
    ],
    [
      'rolling back',
      progress('rolling-back', [step('observe', 'o'), step('start:101', 'Starting linux (VM 101)', 'running')]),
      'switching: rolling back',
      null,
      'Starting linux (VM 101)',
    ],
    ['ended, the run not closed yet', progress('done', [step('observe', 'o')]), 'switching: finishing', null, null],
  ];
  for (const [what, p, text, n, label] of cases) {
    it(`says "${text}" when ${what}`, () => {
      const at = stepOf(p);
      assert.deepEqual([at.text, at.n, at.label], [text, n, label]);
      if (n !== null) assert.equal(at.m, 4);
    });
  }
});

describe('selectedOption: what the Boot mode select shows', () => {
  const cases: [string, HostReading, string | null][] = [
    ['the one running mode', reading(ok(['linux']), { kind: 'none' }), 'linux'],
    ['the target while a switch to it runs', reading(ok(['linux']), runningSwitch(undefined)), 'windows'],
    ['nothing when no mode runs', reading(ok([]), { kind: 'none' }), null],
    ['nothing when Proxmox cannot be read', reading({ kind: 'unavailable', reason: 'Proxmox: down' }, { kind: 'none' }), null],
    ['among several running modes, the one the last switch went to', reading(ok(['linux', 'windows']), closed(completed('switched'))), 'windows'],
    ['among several, the first when the last switch went elsewhere', reading(ok(['nogpu', 'shared']), closed(completed('switched'))), 'nogpu'],
    [
      'the running mode, not the target, when the running request is a start',
      reading(ok(['linux']), { ...runningSwitch(undefined), request: { ...input, action: 'start' } } as SwitchReading),
      'linux',
    ],
  ];
  for (const [what, r, expected] of cases) it(`shows ${what}`, () => assert.equal(selectedOption(r), expected));
});

describe('hostState: the published document', () => {
  it('idle, with the current mode and its IP', () => {
    const s = hostState(reading(ok(['linux'], '192.168.1.150'), { kind: 'none' }), undefined);
    assert.deepEqual(
      [s.mode, s.current, s.current_modes, s.ip, s.switch.state, s.last_switch.summary, s.last_request.text, s.problem],
      ['linux', 'linux', ['linux'], '192.168.1.150', 'idle', null, null, null],
    );
  });

  it('"none" when no managed mode runs, and null (unknown) when Proxmox cannot be read, saying why', () => {
    assert.equal(hostState(reading(ok([]), { kind: 'none' }), undefined).current, 'none');
    const s = hostState(
      reading({ kind: 'unavailable', reason: 'Proxmox: connect ECONNREFUSED' }, { kind: 'unavailable', reason: 'Temporal: deadline exceeded' }),
      undefined,
    );
    assert.deepEqual([s.current, s.mode, s.switch.state, s.problem], [null, null, 'unknown', 'Proxmox: connect ECONNREFUSED; Temporal: deadline exceeded']);
  });

  it('a running switch: its step, target, requester and start', () => {
    const s = hostState(
      reading(ok([]), runningSwitch(progress('running', [step('observe', 'o'), step('stop:101', 'Shutting down linux (VM 101)', 'running')]))),
      undefined,
    );
    assert.deepEqual(s.switch, {
      state: 'switching: step 1 of 4',
      action: 'switch',
      target: 'windows',
      requested_by: 'home-assistant:test',
      step: 'Shutting down linux (VM 101)',
      step_number: 1,
      steps: 4,
      started_at: T0.toISOString(),
      workflow_id: 'morpheus-switch-pve',
    });
  });

  const outcomes: [string, SwitchReading, string, string, string | null][] = [
    ['switched', closed(completed('switched')), 'idle', 'linux → windows: switched', null],
    ['a no-op', closed(completed('noop')), 'idle', 'linux → windows: noop', null],
    [
      'refused by the workflow',
      closed({ kind: 'failed', type: FailureType.refused, message: 'Cannot switch', details: undefined }),
      'idle',
      'linux → windows: refused',
      'Cannot switch',
    ],
    [
      'failed',
      closed({ kind: 'failed', type: 'SwitchFailedError', message: 'VM 102 failed to start', details: undefined }),
      'failed',
      'linux → windows: failed',
      'VM 102 failed to start',
    ],
    ['cancelled', closed({ kind: 'cancelled', message: 'cancelled', details: undefined }, 'CANCELLED'), 'idle', 'linux → windows: cancelled', 'cancelled'],
    ['terminated', closed(undefined, 'TERMINATED'), 'failed', 'linux → windows: terminated', null],
    ['timed out', closed(undefined, 'TIMED_OUT'), 'failed', 'linux → windows: timed out', null],
  ];
  for (const [what, s, state, summary, error] of outcomes) {
    it(`a last switch that ${what === 'a no-op' ? 'was a no-op' : `was ${what}`}: switch state ${state}`, () => {
      const h = hostState(reading(ok(['windows']), s), undefined);
      assert.deepEqual(
        [h.switch.state, h.last_switch.summary, h.last_switch.error, h.last_switch.finished_at, h.last_switch.requested_by],
        [state, summary, error, T1.toISOString(), 'home-assistant:test'],
      );
    });
  }

  it('carries the last reply, cut to the 255 characters HA allows in a state, the full text as detail', () => {
    const text = `refused: ${'x'.repeat(300)}`;
    const s = hostState(reading(ok(['linux']), { kind: 'none' }), { outcome: 'refused', text, at: T1.toISOString() });
    assert.equal(s.last_request.text!.length, 255);
    assert.ok(s.last_request.text!.endsWith('…'));
    assert.deepEqual([s.last_request.outcome, s.last_request.detail, s.last_request.at], ['refused', text, T1.toISOString()]);
  });
});
