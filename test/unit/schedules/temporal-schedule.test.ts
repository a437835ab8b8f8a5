import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScheduleConfig } from '../../../src/config/schedules-schema';
import { definitionOf, identityOf, scheduleIdOf, scheduleNote, scheduleOptions } from '../../../src/schedules/temporal-schedule';
import { describeWhen, formatInZone } from '../../../src/schedules/describe-schedule';

const def: ScheduleConfig = {
  mode: 'windowsvrstreaming',
  cron: '0 19 * * FRI',
  timezone: 'Europe/Amsterdam',
  action: 'switch',
  force: false,
  note: 'VR night',
  paused: false,
  catchup_window: 300_000,
  max_wait: 600_000,
};

describe('a Morpheus schedule as a Temporal Schedule', () => {
  const o = scheduleOptions({ node: 'pve', taskQueue: 'morpheus-pve', name: 'vr-friday', def, managedBy: 'sync' });

  it('starts the thin scheduled workflow on the host queue, never the switch itself', () => {
    assert.equal(o.scheduleId, 'morpheus.pve.vr-friday');
    assert.equal(o.action.workflowType, 'scheduledSwitchWorkflow');
    assert.equal(o.action.taskQueue, 'morpheus-pve');
    assert.deepEqual(o.action.args, [
      { node: 'pve', schedule: 'vr-friday', action: 'switch', target: 'windowsvrstreaming', force: false, maxWaitMs: 600_000, catchupWindowMs: 300_000 },
    ]);
  });

  it('fires in its zone, buffers one overlapping fire, and catches up only within its window', () => {
    assert.deepEqual(o.spec, { cronExpressions: ['0 19 * * FRI'], timezone: 'Europe/Amsterdam' });
    assert.deepEqual(o.policies, { overlap: 'BUFFER_ONE', catchupWindow: 300_000, pauseOnFailure: false });
  });

  it('carries who made it (memo) and what it was made from (the action memo), and reads both back', () => {
    assert.deepEqual(identityOf(o.memo), { node: 'pve', name: 'vr-friday', managedBy: 'sync' });
    assert.deepEqual(definitionOf(o.action.memo), def);
    assert.equal(identityOf({ other: 1 }), undefined);
    assert.equal(identityOf({ morpheus_schedule: { node: 'pve', name: 'x', managedBy: 'someone' } }), undefined);
  });

  it('has a note a person can read in `temporal schedule list`', () => {
    assert.equal(o.state?.note, 'VR night (switch to windowsvrstreaming, Fridays at 19:00 (Europe/Amsterdam))');
    assert.equal(
      scheduleNote({ ...def, note: '', action: 'stop', mode: 'linuxvrstreaming', cron: undefined, every: 86_400_000, offset: 3_600_000 }),
      'stop linuxvrstreaming, every 1d, offset 1h',
    );
  });

  it('keeps ids of different hosts apart', () => {
    assert.notEqual(scheduleIdOf('pve-1', 'a'), scheduleIdOf('pve', '1-a'));
  });

  it('shows times in the schedule zone', () => {
    assert.equal(formatInZone(new Date('2026-12-04T18:00:00Z'), 'Europe/Amsterdam'), 'Fri 2026-12-04 19:00 CET');
    assert.equal(formatInZone(new Date('2027-04-02T17:00:00Z'), 'Europe/Amsterdam'), 'Fri 2027-04-02 19:00 CEST');
    assert.equal(describeWhen({ cron: '0 6 * * MON', timezone: 'UTC' }), 'Mondays at 06:00 (UTC)');
  });
});
