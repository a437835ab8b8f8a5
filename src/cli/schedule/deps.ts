import { hostname, userInfo } from 'node:os';
import type { Client } from '@temporalio/client';
import { namedModes } from '../../config/mode-names';
import type { ScheduleConfig } from '../../config/schedules-schema';
import { localTimeZone } from '../../config/schedules-schema';
import { didYouMean } from '../../config/suggest';
import { UsageError } from '../../errors';
import { describeSchedule, listHostSchedules, type StoredSchedule } from '../../schedules/schedule-store';
import { scheduleIdOf } from '../../schedules/temporal-schedule';
import type { NamedMode } from '../../modes/resolve-mode';
import type { CliContext } from '../context';

/** What the schedule commands need, and nothing else: Temporal, the host, and the config's names. */
export interface ScheduleDeps {
  readonly client: Client;
  readonly node: string;
  readonly taskQueue: string;
  /** The config's modes with their aliases, which `--mode` accepts. */
  readonly modes: readonly NamedMode[];
  /** The config's `schedules:` block, for `schedule sync`. */
  readonly schedules: Readonly<Record<string, ScheduleConfig>>;
  readonly now: () => Date;
  /** The CLI machine's zone: `--until 06:00` means 06:00 here. */
  readonly timeZone: string;
  /** Who asks, e.g. `cli:alice@desktop`, written into pause notes. */
  readonly requester: string;
}

export async function scheduleDeps(ctx: CliContext): Promise<ScheduleDeps> {
  const session = await ctx.temporal();
  const { config } = ctx.config();
  return {
    client: session.client,
    node: ctx.node,
    taskQueue: session.options.taskQueue,
    modes: namedModes(config),
    schedules: config.schedules,
    now: () => new Date(),
    timeZone: localTimeZone(),
    requester: `cli:${userInfo().username}@${hostname()}`,
  };
}

/** The host's schedule by name; an unknown name is a usage error with a suggestion. */
export async function findSchedule(deps: ScheduleDeps, name: string): Promise<StoredSchedule> {
  const found = await describeSchedule(deps.client, scheduleIdOf(deps.node, name));
  if (found) return found;
  const names = (await listHostSchedules(deps.client, deps.node)).map((s) => s.name);
  const guess = didYouMean(name, names);
  throw new UsageError(`no schedule "${name}" on host ${deps.node}${guess ? `; did you mean "${guess}"?` : ''}`, {
    hint: names.length > 0 ? `its schedules: ${names.join(', ')} (morpheus schedule list)` : 'it has none yet: morpheus schedule add --help',
  });
}
