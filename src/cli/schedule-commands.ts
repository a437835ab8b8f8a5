import { type Command, Option } from 'commander';
import { SCHEDULE_ACTIONS } from '../contract/scheduled';
import type { CliContext } from './context';
import { examples } from './help-text';
import { present, type View } from './output';
import type { CommandAction } from './program';
import type { ScheduleDeps } from './schedule/deps';

// `morpheus schedule …`: each command is loaded when run, returns a result, and one view prints it.
const load = {
  deps: () => require('./schedule/deps') as typeof import('./schedule/deps'),
  views: () => require('./render/schedules') as typeof import('./render/schedules'),
  add: () => require('./schedule/add') as typeof import('./schedule/add'),
  list: () => require('./schedule/list') as typeof import('./schedule/list'),
  show: () => require('./schedule/show') as typeof import('./schedule/show'),
  pause: () => require('./schedule/pause') as typeof import('./schedule/pause'),
  resume: () => require('./schedule/resume') as typeof import('./schedule/resume'),
  trigger: () => require('./schedule/trigger') as typeof import('./schedule/trigger'),
  remove: () => require('./schedule/delete') as typeof import('./schedule/delete'),
  sync: () => require('./schedule/sync') as typeof import('./schedule/sync'),
};

type Views = ReturnType<typeof load.views>;

export function addScheduleCommands(program: Command, action: CommandAction): void {
  /** A schedule command's body: deps in, a result out, printed by its view. */
  const run = <O extends { json?: boolean }, R>(view: (v: Views) => View<R>, body: (deps: ScheduleDeps, o: O, args: string[]) => Promise<R>) =>
    action<O>(async (ctx: CliContext, o, args) => present(ctx, view(load.views()), await body(await load.deps().scheduleDeps(ctx), o, args), o.json));

  const schedule = program
    .command('schedule')
    .description("switch modes on a timetable: Temporal Schedules that run through the host's one switch workflow")
    .addHelpText(
      'after',
      examples(
        'morpheus schedule add vr-friday --mode windowsvrstreaming --cron "0 19 * * FRI" --timezone Europe/Amsterdam',
        'morpheus schedule list',
        'morpheus schedule pause --all --until 06:00 --note "not tonight"',
        'morpheus schedule sync --dry-run',
      ),
    );

  schedule
    .command('add <name>')
    .description('create a schedule: at each fire, switch to (or start, or stop) a mode, like `mode switch` would')
    .requiredOption('--mode <mode>', 'the mode to switch to, start or stop (its name or an alias)')
    .option('--cron <expr>', 'when: five cron fields "minute hour day-of-month month day-of-week", or @daily, @weekly…')
    .option('--every <duration>', 'when: at a fixed interval instead, e.g. 12h, 1d')
    .option('--offset <duration>', 'with --every: shift the fires, e.g. --every 1d --offset 19h')
    .option('--timezone <zone>', "the zone --cron is read in (IANA name; default: this machine's)")
    .addOption(new Option('--action <action>', 'what a fire does').choices(SCHEDULE_ACTIONS).default('switch'))
    .option('--force', 'override conflicts_with protections at each fire (never a physical GPU conflict)')
    .option('--note <text>', 'a note shown with the schedule (here, in `temporal schedule list` and the Web UI)')
    .option('--catchup-window <duration>', 'skip a fire that comes this much late (Temporal or the worker was down)', '5m')
    .option('--max-wait <duration>', 'how long a fire waits for another switch of the host to end before it is skipped', '10m')
    .option('--paused', 'create it paused')
    .option('--json', 'print the schedule as JSON (shape: docs/cli.md)')
    .addHelpText(
      'after',
      examples(
        'morpheus schedule add vr-friday --mode windowsvrstreaming --cron "0 19 * * FRI" --timezone Europe/Amsterdam --note "VR night"',
        'morpheus schedule add compute-monday --mode nimsforestnogpu --cron "0 6 * * MON" --timezone Europe/Amsterdam',
        'morpheus schedule add nightly-compute --mode nimsforestsharedgpu --cron @daily --force',
        'morpheus schedule add stop-vr --action stop --mode linuxvrstreaming --every 1d --offset 1h',
      ),
    )
    .action(
      run(
        (v) => v.addedView,
        (deps, o: import('./schedule/add').ScheduleAddOptions & { json?: boolean }, [name]) => load.add().scheduleAdd(deps, name!, o),
      ),
    );

  schedule
    .command('list')
    .description("the host's schedules: what, when, next fire, paused or not, made by the CLI or the config")
    .option('--json', 'machine-readable output (shape: docs/cli.md)')
    .addHelpText('after', examples('morpheus schedule list', 'morpheus schedule list --json | jq -r ".schedules[].name"'))
    .action(
      run(
        (v) => v.listView,
        (deps, _o: { json?: boolean }) => load.list().scheduleList(deps),
      ),
    );

  schedule
    .command('show <name>')
    .description('one schedule: when in words, the next 5 fire times in its zone, its last fires with their outcome')
    .option('--json', 'machine-readable output (shape: docs/cli.md)')
    .addHelpText('after', examples('morpheus schedule show vr-friday', 'morpheus schedule show vr-friday --json'))
    .action(
      run(
        (v) => v.shownView,
        (deps, _o: { json?: boolean }, [name]) => load.show().scheduleShow(deps, name!),
      ),
    );

  schedule
    .command('pause [name]')
    .description("pause one schedule, or all of the host's (--all); with --until, a hold that ends on its own")
    .option('--all', 'every schedule of the host')
    .option('--until <time>', 'resume on their own then: "06:00" (the next 06:00 here), "3h", or an ISO date-time')
    .option('--note <text>', 'why, shown with the schedule')
    .option('--json', 'print the outcome as JSON')
    .addHelpText(
      'after',
      examples(
        'morpheus schedule pause vr-friday',
        'morpheus schedule pause --all --until 06:00 --note "not tonight"',
        'morpheus schedule pause --all --until 3h',
      ),
    )
    .action(
      run(
        (v) => v.pausedView,
        (deps, o: import('./schedule/pause').SchedulePauseOptions & { json?: boolean }, [name]) => load.pause().schedulePause(deps, name, o),
      ),
    );

  schedule
    .command('resume [name]')
    .description('resume one schedule, or all (--all, which also ends a hold made with pause --until)')
    .option('--all', 'every schedule of the host')
    .option('--json', 'print the outcome as JSON')
    .addHelpText('after', examples('morpheus schedule resume vr-friday', 'morpheus schedule resume --all'))
    .action(
      run(
        (v) => v.resumedView,
        (deps, o: { all?: boolean; json?: boolean }, [name]) => load.resume().scheduleResume(deps, name, o),
      ),
    );

  schedule
    .command('trigger <name>')
    .description("fire a schedule now, through the host's switch like any request")
    .option('--json', 'print the outcome as JSON')
    .addHelpText('after', examples('morpheus schedule trigger vr-friday'))
    .action(
      run(
        (v) => v.triggeredView,
        (deps, _o: { json?: boolean }, [name]) => load.trigger().scheduleTrigger(deps, name!),
      ),
    );

  schedule
    .command('delete <name>')
    .description('delete a schedule (its past fires stay in mode history)')
    .option('--json', 'print the outcome as JSON')
    .addHelpText('after', examples('morpheus schedule delete vr-friday'))
    .action(
      run(
        (v) => v.deletedView,
        (deps, _o: { json?: boolean }, [name]) => load.remove().scheduleDelete(deps, name!),
      ),
    );

  schedule
    .command('sync')
    .description("make the host's schedules match the config's schedules: block (create, update, delete); shows the diff first")
    .option('--dry-run', 'show the diff and change nothing')
    .option('--json', 'print the diff as JSON')
    .addHelpText('after', examples('morpheus schedule sync --dry-run', 'morpheus schedule sync'))
    .action(
      run(
        (v) => v.syncView,
        (deps, o: { dryRun?: boolean; json?: boolean }) => load.sync().scheduleSync(deps, o),
      ),
    );
}
