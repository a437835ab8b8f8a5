import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { testConfigYaml } from '../../support/morpheus';
import { cliHarness } from '../../support/cli';
import { eventually } from '../../support/eventually';

interface Listed {
  schedules: { name: string; source: string; paused: boolean; state_note: string | null; cron: string | null }[];
}

const SCHEDULES = (vrCron: string, withCompute: boolean) =>
  [
    'schedules:',
    `  vr-friday: { mode: windowsvrstreaming, cron: "${vrCron}", timezone: Europe/Amsterdam, note: "VR night" }`,
    ...(withCompute ? ['  compute-monday: { mode: nimsforestnogpu, cron: "0 6 * * MON", timezone: Europe/Amsterdam }'] : []),
  ].join('\n');

describe("schedule sync: the config's schedules: block, applied", () => {
  const t = cliHarness({ sections: SCHEDULES('0 19 * * FRI', true) });
  const { morpheus } = t;
  const list = async () => JSON.parse((await morpheus('schedule', 'list', '--json')).stdout) as Listed;
  const rewrite = (sections: string) =>
    writeFileSync(
      t.cli.configFile,
      testConfigYaml(t.h.sim, { taskQueue: t.h.config.temporal.task_queue, temporalAddress: t.h.config.temporal.address, sections }),
    );

  it('shows the diff first with --dry-run and changes nothing', async () => {
    const r = await morpheus('schedule', 'sync', '--dry-run', '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      node: t.h.config.proxmox.node,
      applied: false,
      create: ['vr-friday', 'compute-monday'],
      update: [],
      delete: [],
      unchanged: [],
    });
    assert.deepEqual((await list()).schedules, []);
  });

  it('creates, is idempotent, updates what changed, deletes what left the config, and never touches CLI-made schedules', async () => {
    assert.equal((await morpheus('schedule', 'add', 'manual', '--mode', 'nimsforestnogpu', '--every', '1d')).code, 0);
    const first = await morpheus('schedule', 'sync');
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /\+ vr-friday: switch windowsvrstreaming, Fridays at 19:00 \(Europe\/Amsterdam\)/);
    assert.deepEqual(
      (await list()).schedules.map((s) => [s.name, s.source]),
      [
        ['compute-monday', 'config'],
        ['manual', 'cli'],
        ['vr-friday', 'config'],
      ],
    );

    const again = JSON.parse((await morpheus('schedule', 'sync', '--json')).stdout) as {
      create: string[];
      update: unknown[];
      delete: string[];
      unchanged: string[];
    };
    assert.deepEqual([again.create, again.update, again.delete, again.unchanged.sort()], [[], [], [], ['compute-monday', 'vr-friday']]);

    rewrite(SCHEDULES('30 20 * * FRI', false));
    const changed = JSON.parse((await morpheus('schedule', 'sync', '--json')).stdout) as { update: { name: string; fields: unknown[] }[]; delete: string[] };
    assert.deepEqual(changed.update, [{ name: 'vr-friday', fields: [{ key: 'cron', from: '0 19 * * FRI', to: '30 20 * * FRI' }] }]);
    assert.deepEqual(changed.delete, ['compute-monday']);
    const after = (await list()).schedules;
    assert.deepEqual(
      after.map((s) => [s.name, s.cron]),
      [
        ['manual', null],
        ['vr-friday', '30 20 * * FRI'],
      ],
    );
    assert.equal(after.find((s) => s.name === 'vr-friday')!.state_note, 'VR night (switch to windowsvrstreaming, Fridays at 20:30 (Europe/Amsterdam))');
  });

  it('refuses, changing nothing, a config entry named like a CLI-made schedule', async () => {
    assert.equal((await morpheus('schedule', 'add', 'by-hand', '--mode', 'nimsforestnogpu', '--cron', '@weekly')).code, 0);
    rewrite(`${SCHEDULES('30 20 * * FRI', true)}\n  by-hand: { mode: windowsvrstreaming, cron: "@daily" }`);
    const before = (await list()).schedules.map((s) => s.name);
    const r = await morpheus('schedule', 'sync');
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /the config's schedules "by-hand" have the names of schedules made with `schedule add`; nothing was changed/);
    assert.deepEqual(
      (await list()).schedules.map((s) => s.name),
      before,
    );
  });
});

describe('schedule pause --all --until: a hold that ends on its own', () => {
  const t = cliHarness({ sections: SCHEDULES('0 19 * * FRI', true) });
  const { morpheus } = t;
  const list = async () => JSON.parse((await morpheus('schedule', 'list', '--json')).stdout) as Listed;

  it('pauses every schedule with who, until when and why, then resumes those nobody touched since', async () => {
    assert.equal((await morpheus('schedule', 'sync')).code, 0);
    const r = await morpheus('schedule', 'pause', '--all', '--until', '4s', '--note', 'not tonight', '--json');
    assert.equal(r.code, 0, r.stderr);
    const held = JSON.parse(r.stdout) as { paused: string[]; note: string; until: string };
    assert.equal(held.paused.length, 2);
    assert.match(held.note, /^paused by cli:\S+ until .+: not tonight$/);
    assert.ok((await list()).schedules.every((s) => s.paused && s.state_note === held.note));
    // Someone pauses one again for a reason of their own: the hold's end leaves it paused.
    assert.equal((await morpheus('schedule', 'pause', 'compute-monday', '--note', 'broken VM')).code, 0);
    const resumed = await eventually(
      async () => {
        const s = (await list()).schedules;
        return s.find((x) => x.name === 'vr-friday')?.paused === false ? s : undefined;
      },
      { what: 'the hold to end', timeoutMs: 60_000 },
    );
    assert.equal(resumed.find((x) => x.name === 'vr-friday')!.state_note, 'VR night (switch to windowsvrstreaming, Fridays at 19:00 (Europe/Amsterdam))');
    assert.equal(resumed.find((x) => x.name === 'compute-monday')!.paused, true);
  });

  it('refuses an --until that is not a time, a duration or a date-time ahead', async () => {
    const r = await morpheus('schedule', 'pause', '--all', '--until', 'tonight');
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /--until "tonight": expected "06:00" \(the next 06:00 here\), a duration like "3h" or "2d", or an ISO date-time with an offset, in the future/,
    );
  });
});
