import { formatDuration } from '../../config/duration';
import { ExitCode } from '../../errors';
import { describeWhen, formatInZone } from '../../schedules/describe-schedule';
import type { Fire, StoredSchedule } from '../../schedules/schedule-store';
import type { SyncChange } from '../../schedules/sync-plan';
import type { View } from '../output';
import type { ScheduleResumed } from '../schedule/resume';
import type { ScheduleShown } from '../schedule/show';
import type { SchedulePaused } from '../schedule/pause';
import type { ScheduleSynced } from '../schedule/sync';
import type { Colors } from './colors';
import { table } from './table';

// How the schedule commands' results read, as text and as --json (shapes: docs/cli.md).

const ok = (): ExitCode => ExitCode.ok;

/** One schedule as --json shows it everywhere. */
export function scheduleJson(s: StoredSchedule) {
  return {
    name: s.name,
    id: s.id,
    source: s.managedBy === 'sync' ? 'config' : 'cli',
    action: s.def.action,
    mode: s.def.mode,
    when: describeWhen(s.def),
    cron: s.def.cron ?? null,
    every: s.def.every === undefined ? null : formatDuration(s.def.every),
    offset: s.def.offset === undefined ? null : formatDuration(s.def.offset),
    timezone: s.def.timezone,
    force: s.def.force,
    note: s.def.note,
    paused: s.paused,
    state_note: s.note ?? null,
    catchup_window: formatDuration(s.def.catchup_window),
    max_wait: formatDuration(s.def.max_wait),
    next: s.nextFires.map((d) => d.toISOString()),
  };
}

const what = (s: StoredSchedule): string => `${s.def.action}${s.def.action === 'switch' ? ' to' : ''} ${s.def.mode}, ${describeWhen(s.def)}`;
const nextLine = (s: StoredSchedule): string =>
  s.paused ? `paused: ${s.note ?? ''}` : s.nextFires[0] ? `next: ${formatInZone(s.nextFires[0], s.def.timezone)}` : 'no further fires';

export const addedView: View<StoredSchedule> = {
  text: (s, c) => [c.green(`✓ Created schedule ${s.name} on ${s.node}: ${what(s)}`), `  ${nextLine(s)}`, c.dim(`  Temporal schedule id: ${s.id}`)],
  json: scheduleJson,
  exitCode: ok,
};

export const listView: View<{ node: string; schedules: StoredSchedule[] }> = {
  text: ({ node, schedules }, c) => {
    if (schedules.length === 0) return [`No schedules on ${node}. Add one: morpheus schedule add --help`];
    const rows = schedules.map((s) => [
      s.name,
      s.def.action,
      s.def.mode,
      describeWhen(s.def),
      s.paused ? c.yellow('paused') : s.nextFires[0] ? formatInZone(s.nextFires[0], s.def.timezone) : '-',
      s.managedBy === 'sync' ? 'config' : 'cli',
    ]);
    return table(['NAME', 'ACTION', 'MODE', 'WHEN', 'NEXT', 'SOURCE'], rows);
  },
  json: ({ node, schedules }) => ({ node, schedules: schedules.map(scheduleJson) }),
  exitCode: ok,
};

function fireLine(f: Fire, timeZone: string, c: Colors): string {
  const outcome = f.outcome ?? f.status.toLowerCase();
  const colored =
    outcome === 'failed' || outcome === 'refused' ? c.red(outcome) : outcome === 'skipped' || outcome === 'cancelled' ? c.yellow(outcome) : outcome;
  return `  ${formatInZone(f.startedAt, timeZone)}  ${colored}${f.reason ? c.dim(` — ${f.reason}`) : ''}`;
}

export const shownView: View<ScheduleShown> = {
  text: ({ schedule: s, fires }, c) => [
    c.bold(`Schedule ${s.name} (${s.node})`),
    `  What:     ${s.def.action}${s.def.action === 'switch' ? ' to' : ''} ${s.def.mode}${s.def.force ? ' (--force: overrides conflicts_with)' : ''}`,
    `  When:     ${describeWhen(s.def)}`,
    `  State:    ${s.paused ? c.yellow(`paused — ${s.note ?? ''}`) : 'active'}`,
    ...(s.def.note ? [`  Note:     ${s.def.note}`] : []),
    `  Source:   ${s.managedBy === 'sync' ? 'the config (schedule sync)' : 'morpheus schedule add'}`,
    `  Busy host: waits up to ${formatDuration(s.def.max_wait)}, then skips; a fire more than ${formatDuration(s.def.catchup_window)} late is skipped`,
    '',
    `Next fires (${s.def.timezone}):`,
    ...(s.nextFires.length > 0 ? s.nextFires.slice(0, 5).map((d) => `  ${formatInZone(d, s.def.timezone)}`) : ['  none']),
    '',
    'Last fires:',
    ...(fires.length > 0 ? fires.map((f) => fireLine(f, s.def.timezone, c)) : ['  none yet']),
  ],
  json: ({ schedule, fires }) => ({
    ...scheduleJson(schedule),
    next: schedule.nextFires.slice(0, 5).map((d) => d.toISOString()),
    fires: fires.map((f) => ({
      workflow_id: f.workflowId,
      run_id: f.runId,
      started_at: f.startedAt.toISOString(),
      closed_at: f.closedAt?.toISOString() ?? null,
      status: f.status.toLowerCase(),
      outcome: f.outcome ?? null,
      reason: f.reason ?? null,
    })),
  }),
  exitCode: ok,
};

export const pausedView: View<SchedulePaused> = {
  text: (r, c) =>
    r.paused.length === 0
      ? [`No schedules on ${r.node} to pause.`]
      : [
          c.yellow(`⏸ Paused on ${r.node}: ${r.paused.join('; ')}`),
          `  Note: ${r.note}`,
          ...(r.until ? [`  They resume on their own then; end the hold early with: morpheus schedule resume --all`] : []),
        ],
  json: (r) => ({ node: r.node, paused: r.paused, note: r.note, until: r.until?.toISOString() ?? null }),
  exitCode: ok,
};

export const resumedView: View<ScheduleResumed> = {
  text: (r, c) => [
    r.resumed.length > 0 ? c.green(`▶ Resumed on ${r.node}: ${r.resumed.join(', ')}`) : `Nothing was paused on ${r.node}.`,
    ...(r.holdEnded ? ['  The hold (pause --until) is over.'] : []),
  ],
  json: (r) => ({ node: r.node, resumed: r.resumed, hold_ended: r.holdEnded }),
  exitCode: ok,
};

export const triggeredView: View<StoredSchedule> = {
  text: (s) => [
    `Fired ${s.name} now: ${s.def.action} ${s.def.mode} runs through ${s.node}'s switch like any request.`,
    '  Watch it: morpheus mode watch   (its outcome: morpheus schedule show ' + s.name + ')',
  ],
  json: (s) => ({ name: s.name, id: s.id, triggered: true }),
  exitCode: ok,
};

export const deletedView: View<StoredSchedule & { inConfig: boolean }> = {
  text: (s, c) => [
    `Deleted schedule ${s.name} (${what(s)}).`,
    ...(s.inConfig ? [c.yellow(`  It is still in the config's schedules: block; the next \`morpheus schedule sync\` creates it again.`)] : []),
  ],
  json: (s) => ({ name: s.name, id: s.id, deleted: true, still_in_config: s.inConfig }),
  exitCode: ok,
};

function changeLines(change: SyncChange, c: Colors): string[] {
  const when = describeWhen(change.def);
  if (change.kind === 'create') return [c.green(`  + ${change.name}: ${change.def.action} ${change.def.mode}, ${when}`)];
  if (change.kind === 'delete') return [c.red(`  - ${change.name}: ${change.def.action} ${change.def.mode}, ${when}`)];
  return [c.yellow(`  ~ ${change.name}`), ...change.fields.map((f) => `      ${f.key}: ${JSON.stringify(f.from ?? null)} → ${JSON.stringify(f.to ?? null)}`)];
}

export const syncView: View<ScheduleSynced> = {
  text: ({ node, plan, applied }, c) => {
    if (plan.changes.length === 0) return [`Schedules on ${node} already match the config (${plan.unchanged.length} unchanged).`];
    return [
      `${applied ? 'Applied' : 'Would apply (dry run)'} on ${node}:`,
      ...plan.changes.flatMap((ch) => changeLines(ch, c)),
      ...(plan.unchanged.length > 0 ? [c.dim(`  = unchanged: ${plan.unchanged.join(', ')}`)] : []),
      ...(applied ? [] : [c.dim('Run without --dry-run to apply.')]),
    ];
  },
  json: ({ node, plan, applied }) => ({
    node,
    applied,
    create: plan.changes.filter((ch) => ch.kind === 'create').map((ch) => ch.name),
    update: plan.changes.flatMap((ch) =>
      ch.kind === 'update' ? [{ name: ch.name, fields: ch.fields.map((f) => ({ key: f.key, from: f.from ?? null, to: f.to ?? null })) }] : [],
    ),
    delete: plan.changes.filter((ch) => ch.kind === 'delete').map((ch) => ch.name),
    unchanged: plan.unchanged,
  }),
  exitCode: ok,
};
