import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScheduleConfig } from '../../../src/config/schedules-schema';
import { planSync } from '../../../src/schedules/sync-plan';

const def = (over: Partial<ScheduleConfig> = {}): ScheduleConfig => ({
  mode: 'windowsvrstreaming',
  cron: '0 19 * * FRI',
  timezone: 'Europe/Amsterdam',
  action: 'switch',
  force: false,
  note: '',
  paused: false,
  catchup_window: 300_000,
  max_wait: 600_000,
  ...over,
});

describe('schedule sync plan', () => {
  it('creates what the config has and Temporal lacks', () => {
    assert.deepEqual(planSync({ a: def() }, []), { changes: [{ kind: 'create', name: 'a', def: def() }], unchanged: [], conflicts: [] });
  });

  it('leaves an identical schedule alone, whatever its pause state', () => {
    assert.deepEqual(planSync({ a: def({ paused: true }) }, [{ node: 'pve', name: 'a', managedBy: 'sync', def: def() }]).unchanged, ['a']);
  });

  it('updates exactly the fields that differ', () => {
    const p = planSync({ a: def({ cron: '30 20 * * FRI', note: 'VR' }) }, [{ node: 'pve', name: 'a', managedBy: 'sync', def: def() }]);
    assert.deepEqual(p.changes, [
      {
        kind: 'update',
        name: 'a',
        def: def({ cron: '30 20 * * FRI', note: 'VR' }),
        fields: [
          { key: 'cron', from: '0 19 * * FRI', to: '30 20 * * FRI' },
          { key: 'note', from: '', to: 'VR' },
        ],
      },
    ]);
  });

  it('sees a switch from cron to an interval as two field changes', () => {
    const p = planSync({ a: def({ cron: undefined, every: 3_600_000 }) }, [{ node: 'pve', name: 'a', managedBy: 'sync', def: def() }]);
    assert.deepEqual(p.changes[0]!.kind === 'update' && p.changes[0].fields.map((f) => f.key), ['cron', 'every']);
  });

  it('deletes only what sync made and the config no longer has', () => {
    const p = planSync({}, [
      { node: 'pve', name: 'gone', managedBy: 'sync', def: def() },
      { node: 'pve', name: 'by-hand', managedBy: 'cli', def: def() },
    ]);
    assert.deepEqual(
      p.changes.map((c) => [c.kind, c.name]),
      [['delete', 'gone']],
    );
  });

  it('reports a config entry named like a CLI-made schedule as a conflict, never a change', () => {
    const p = planSync({ 'by-hand': def() }, [{ node: 'pve', name: 'by-hand', managedBy: 'cli', def: def({ mode: 'x' }) }]);
    assert.deepEqual(p, { changes: [], unchanged: [], conflicts: ['by-hand'] });
  });

  it('is not fooled by names that are also object keys', () => {
    assert.deepEqual(
      planSync({}, [{ node: 'pve', name: 'constructor', managedBy: 'sync', def: def() }]).changes.map((c) => c.kind),
      ['delete'],
    );
  });
});
