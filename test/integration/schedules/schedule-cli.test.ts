import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { before, describe, it } from 'node:test';
import { scheduleIdOf } from '../../../src/schedules/temporal-schedule';
import { switchWorkflowId } from '../../../src/contract/switch';
import { cliHarness } from '../../support/cli';
import { eventually } from '../../support/eventually';
import { ADD_VR_FRIDAY } from '../../support/schedules';
import { runningVms } from '../../support/reliability';

const run = promisify(execFile);

interface ScheduleJson {
  name: string;
  id: string;
  source: string;
  when: string;
  timezone: string;
  paused: boolean;
  state_note: string | null;
  next: string[];
  fires?: { workflow_id: string; outcome: string | null; reason: string | null; status: string }[];
}

const localParts = (iso: string, timeZone: string) =>
  Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );

describe('schedules made with the CLI', () => {
  const t = cliHarness();
  const { morpheus } = t;
  let added: ScheduleJson;

  before(async () => {
    const r = await morpheus(...ADD_VR_FRIDAY, '--json');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    added = JSON.parse(r.stdout) as ScheduleJson;
  });

  it('are created from the command line, described in words, with fire times in their own zone', () => {
    assert.equal(added.id, scheduleIdOf(t.h.config.proxmox.node, 'vr-friday'));
    assert.equal(added.source, 'cli');
    assert.equal(added.when, 'Fridays at 19:00 (Europe/Amsterdam)');
    assert.equal(added.next.length >= 5, true, JSON.stringify(added.next));
    for (const at of added.next.slice(0, 5)) {
      const p = localParts(at, 'Europe/Amsterdam');
      assert.equal(`${p['weekday']} ${p['hour']}:${p['minute']}`, 'Fri 19:00', at);
    }
  });

  it('keep 19:00 in their zone across a daylight-saving change', async () => {
    const r = await morpheus(
      'schedule',
      'add',
      'monthly',
      '--mode',
      'nimsforestnogpu',
      '--cron',
      '0 19 28 * *',
      '--timezone',
      'Europe/Amsterdam',
      '--paused',
      '--json',
    );
    assert.equal(r.code, 0, r.stderr);
    const shown = JSON.parse((await morpheus('schedule', 'show', 'monthly', '--json')).stdout) as ScheduleJson;
    const next = shown.next.slice(0, 5);
    assert.equal(next.length, 5, JSON.stringify(shown));
    for (const at of next) assert.equal(localParts(at, 'Europe/Amsterdam')['hour'], '19', at);
    // Five months of the 28th always span a change between CET (UTC+1) and CEST (UTC+2), except May–September.
    const utcHours = new Set(next.map((at) => new Date(at).getUTCHours()));
    const offsets = new Set(
      next.map((at) => new Intl.DateTimeFormat('en', { timeZone: 'Europe/Amsterdam', timeZoneName: 'shortOffset' }).format(new Date(at)).split(' ').pop()),
    );
    assert.equal(utcHours.size, offsets.size, `${[...utcHours]} vs ${[...offsets]}`);
    assert.equal((await morpheus('schedule', 'delete', 'monthly')).code, 0);
  });

  it('show in `temporal schedule list` with a readable note', async () => {
    const cli = process.env['MORPHEUS_TEST_TEMPORAL_CLI']!;
    const { stdout } = await run(cli, ['schedule', 'list', '--address', t.h.config.temporal.address, '--output', 'json']);
    const listed = JSON.parse(stdout) as { scheduleId: string; info?: unknown; memo?: unknown }[];
    assert.ok(
      listed.some((s) => s.scheduleId === added.id),
      stdout,
    );
    const { stdout: described } = await run(cli, [
      'schedule',
      'describe',
      '--address',
      t.h.config.temporal.address,
      '--schedule-id',
      added.id,
      '--output',
      'json',
    ]);
    assert.match(described, /VR night \(switch to windowsvrstreaming, Fridays at 19:00 \(Europe\/Amsterdam\)\)/);
  });

  it('refuse a second schedule of the same name, an unknown mode and a bad cron, naming the flag', async () => {
    const again = await morpheus('schedule', 'add', 'vr-friday', '--mode', 'windowsvrstreaming', '--cron', '0 19 * * FRI');
    assert.equal(again.code, 2);
    assert.match(again.stderr, /schedule "vr-friday" already exists/);
    const mode = await morpheus('schedule', 'add', 'x', '--mode', 'windowsvrstreming', '--every', '1h');
    assert.equal(mode.code, 2);
    assert.match(mode.stderr, /unknown mode "windowsvrstreming"; did you mean "windowsvrstreaming"\?/);
    const cron = await morpheus('schedule', 'add', 'x', '--mode', 'windowsvrstreaming', '--cron', '0 25 * * *');
    assert.equal(cron.code, 2);
    assert.match(cron.stderr, /--cron: hour "25": "25" is not a number from 0 to 23/);
    const both = await morpheus('schedule', 'add', 'x', '--mode', 'windowsvrstreaming', '--cron', '@daily', '--every', '1h');
    assert.equal(both.code, 2);
    assert.match(both.stderr, /give exactly one of cron or every/);
    assert.doesNotMatch(cron.stderr + mode.stderr + again.stderr, /at .*\.js:\d+/);
  });

  it("fire through the host's one switch workflow, and the run names the schedule as its requester", async () => {
    const r = await morpheus('schedule', 'trigger', 'vr-friday');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    await eventually(async () => ((await runningVms(t.h)).join() === '102' ? true : undefined), { what: 'VM 102 running alone' });
    const history = await eventually(
      async () => {
        const h = await morpheus('mode', 'history', '--json');
        const entries = (JSON.parse(h.stdout) as { switches: { workflow_id: string; requested_by: string; outcome: string; from: string[]; to: string }[] })
          .switches;
        return entries.find((e) => e.outcome === 'switched');
      },
      { what: 'the switch in mode history' },
    );
    assert.equal(history.workflow_id, switchWorkflowId(t.h.config.proxmox.node));
    assert.equal(history.requested_by, 'schedule:vr-friday');
    assert.deepEqual(history.from, ['linuxvrstreaming']);
    assert.equal(history.to, 'windowsvrstreaming');
    const shown = await eventually(
      async () => {
        const s = JSON.parse((await morpheus('schedule', 'show', 'vr-friday', '--json')).stdout) as ScheduleJson;
        return s.fires?.[0]?.outcome ? s : undefined;
      },
      { what: "the fire's outcome in schedule show" },
    );
    assert.equal(shown.fires![0]!.outcome, 'switched');
  });

  it('pause with a note, list, resume and delete', async () => {
    const paused = await morpheus('schedule', 'pause', 'vr-friday', '--note', 'away this week');
    assert.equal(paused.code, 0, paused.stderr);
    const listed = JSON.parse((await morpheus('schedule', 'list', '--json')).stdout) as { schedules: ScheduleJson[] };
    const s = listed.schedules.find((x) => x.name === 'vr-friday')!;
    assert.equal(s.paused, true);
    assert.match(s.state_note ?? '', /^paused by cli:.*: away this week$/);
    const resumed = await morpheus('schedule', 'resume', 'vr-friday', '--json');
    assert.deepEqual(JSON.parse(resumed.stdout), { node: t.h.config.proxmox.node, resumed: ['vr-friday'], hold_ended: false });
    const shown = JSON.parse((await morpheus('schedule', 'show', 'vr-friday', '--json')).stdout) as ScheduleJson;
    assert.equal(shown.state_note, 'VR night (switch to windowsvrstreaming, Fridays at 19:00 (Europe/Amsterdam))');
    const deleted = await morpheus('schedule', 'delete', 'vr-friday');
    assert.equal(deleted.code, 0, deleted.stderr);
    const gone = await morpheus('schedule', 'show', 'vr-friday');
    assert.equal(gone.code, 2);
    assert.match(gone.stderr, /no schedule "vr-friday"/);
  });
});
