import { Command, InvalidArgumentError, Option } from 'commander';
import { ExitCode, UsageError } from '../errors';
import { didYouMean } from '../config/suggest';
import type { Action } from '../modes/types';
import { CliContext, type GlobalOptions, type Io } from './context';
import { addScheduleCommands } from './schedule-commands';
import { addHostCommands } from './host-commands';
import { addDoctorCommand } from './doctor-command';
import { addConfigCommands } from './config-commands';
import { EXIT_CODES_HELP } from './exit-codes';
import { packageVersion } from '../shared/package-version';

import { examples } from './help-text';

const integer = (name: string, min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
  return n;
};
// Plain decimal notation only: Number() would also take "0x10" (16), "0b1", " 1 " and "".
const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;
const timeScale = (v: string) => {
  const n = Number(v);
  if (!DECIMAL.test(v) || !(n > 0) || n > 100) throw new InvalidArgumentError('--time-scale must be a positive number up to 100, e.g. 0.1');
  return n;
};

// Commands are loaded when run, so `mode list` never loads the worker, the simulator or Temporal's client.
const commands = {
  modeList: () => require('./commands/mode-list') as typeof import('./commands/mode-list'),
  modeStatus: () => require('./commands/mode-status') as typeof import('./commands/mode-status'),
  modeChange: () => require('./commands/mode-change') as typeof import('./commands/mode-change'),
  modeWatch: () => require('./commands/mode-watch') as typeof import('./commands/mode-watch'),
  modeCancel: () => require('./commands/mode-cancel') as typeof import('./commands/mode-cancel'),
  modeHistory: () => require('./history-command') as typeof import('./history-command'),
  sim: () => require('./commands/sim') as typeof import('./commands/sim'),
  worker: () => require('./commands/worker') as typeof import('./commands/worker'),
  demo: () => require('./commands/demo') as typeof import('./commands/demo'),
  mqtt: () => require('./commands/mqtt') as typeof import('./commands/mqtt'),
};

const CHANGE_HELP: Record<Action, { description: string; examples: string[] }> = {
  switch: {
    description: 'make <mode> THE current mode: gracefully shut down every other running mode, then start it',
    examples: [
      'morpheus mode switch windowsvrstreaming',
      'morpheus mode switch win   # an alias (proxmox.modes.<mode>.aliases)',
      'morpheus mode switch windowsvrstreaming --dry-run',
      'morpheus mode switch nimsforestsharedgpu --force',
      'morpheus mode switch linuxvrstreaming --queue --json',
    ],
  },
  start: {
    description: 'start <mode> alongside what runs, only if it is compatible with every running VM',
    examples: ['morpheus mode start nimsforestnogpu', 'morpheus mode start nimsforestnogpu --dry-run'],
  },
  stop: {
    description: 'gracefully stop <mode> (ACPI shutdown, forced stop after its timeout)',
    examples: ['morpheus mode stop linuxvrstreaming', 'morpheus mode stop linuxvrstreaming --no-wait'],
  },
};

/** Wraps a command's body into a commander action: a context for the run, the exit code to `onExit`, cleanup. */
export type CommandAction = <O>(run: (ctx: CliContext, opts: O, args: string[]) => Promise<ExitCode>) => (...params: unknown[]) => Promise<void>;

/**
 * The `morpheus` command line. Actions resolve to an exit code, handed to `onExit`; errors propagate
 * to the one handler in main.ts.
 */
export function buildProgram(io: Io, onExit: (code: ExitCode) => void): Command {
  const action: CommandAction =
    <O>(run: (ctx: CliContext, opts: O, args: string[]) => Promise<ExitCode>) =>
    async (...params: unknown[]) => {
      const command = params[params.length - 1] as Command;
      const ctx = new CliContext(io, command.optsWithGlobals<GlobalOptions>());
      try {
        onExit(await run(ctx, command.opts() as O, params.slice(0, -2) as string[]));
      } finally {
        await ctx.close();
      }
    };

  const program = new Command('morpheus')
    .version(packageVersion(), '-V, --version', 'print the version')
    .description('Switch a Proxmox VE host between boot modes (VMs) safely: one GPU, one durable Temporal workflow per switch.')
    .option('-c, --config <file>', 'config file (default: $MORPHEUS_CONFIG, then ~/.morpheus/config.yaml)')
    .option('--no-color', 'no colours (also NO_COLOR=1; colours are only used on a terminal anyway)')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .addHelpText(
      'after',
      `${examples('morpheus demo', "morpheus config init --host 192.168.1.100 --token-id 'morpheus@pve!morpheus'", 'morpheus doctor', 'morpheus mode list', 'morpheus mode switch windowsvrstreaming', 'morpheus host wake', 'morpheus worker --dev-server')}
Environment: MORPHEUS_CONFIG, MORPHEUS_HOST, PROXMOX_API_TOKEN (as referenced by the config), PROXMOX_HOST and
PROXMOX_API_TOKEN_ID (config init), TEMPORAL_ADDRESS,
TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*, MORPHEUS_TASK_QUEUE, MORPHEUS_UI_URL,
TEMPORAL_CLI_PATH (the temporal binary for --dev-server and demo), NO_COLOR, FORCE_COLOR,
MORPHEUS_DEBUG (stack traces for internal errors).

${EXIT_CODES_HELP}
`,
    );

  const mode = program
    .command('mode')
    .description('list, inspect and switch boot modes')
    .addHelpText('after', examples('morpheus mode list', 'morpheus mode status', 'morpheus mode switch windowsvrstreaming'));

  mode
    .command('list')
    .description('every mode with its VM, live status, GPU use and description; the current mode; a switch in flight')
    .option('--json', 'machine-readable output (shape: docs/cli.md)')
    .addHelpText('after', examples('morpheus mode list', 'morpheus mode list --json | jq -r ".current[]"'))
    .action(action<{ json?: boolean }>((ctx, o) => commands.modeList().runModeList(ctx, o)));

  mode
    .command('status')
    .description('the current mode: status, uptime, GPU (its real name), IP; the switch in flight or the last one')
    .option('--json', 'machine-readable output (shape: docs/cli.md)')
    .addHelpText('after', examples('morpheus mode status', 'morpheus mode status --json'))
    .action(action<{ json?: boolean }>((ctx, o) => commands.modeStatus().runModeStatus(ctx, o)));

  for (const verb of ['switch', 'start', 'stop'] as const) {
    const cmd = mode
      .command(`${verb} <mode>`)
      .description(`${CHANGE_HELP[verb].description} (<mode>: a mode's name or alias)`)
      .option('--dry-run', 'print the exact plan, computed from live state, and change nothing')
      .option('--queue', 'if another switch is running, wait for it to end, then run this one')
      .addOption(new Option('--wait', 'the old name of --queue').hideHelp())
      .option('--no-wait', 'start the switch and return its workflow id at once, without watching')
      .option('--json', 'print the outcome as JSON instead of live progress (shape: docs/cli.md)');
    if (verb !== 'stop') cmd.option('--force', 'override conflicts_with protections (never a physical GPU conflict)');
    if (verb === 'switch') cmd.option('--no-rollback', 'if the target fails to start, do not restore the modes that were stopped');
    cmd.addHelpText('after', `${examples(...CHANGE_HELP[verb].examples)}\n${EXIT_CODES_HELP}\n`).action(
      action<{ dryRun?: boolean; force?: boolean; queue?: boolean; wait?: boolean; rollback?: boolean; json?: boolean }>((ctx, o, [target]) => {
        // `--wait` queued before `--queue` existed; it reads like the opposite of `--no-wait`, so it was renamed.
        if (o.wait === true) ctx.err(ctx.colors.yellow('warning: --wait is now --queue; --wait still works but will go away'));
        return commands.modeChange().runModeChange(ctx, verb, target!, { ...o, queue: o.queue === true || o.wait === true, follow: o.wait !== false });
      }),
    );
  }

  mode
    .command('watch')
    .description("follow the host's running switch live (after Ctrl-C, or from another terminal)")
    .option('--json', 'print only the outcome, as JSON')
    .addHelpText('after', examples('morpheus mode watch'))
    .action(action<{ json?: boolean }>((ctx, o) => commands.modeWatch().runModeWatch(ctx, o)));

  mode
    .command('history')
    .description("the host's past switches: when, from → to, who asked, outcome, duration, forced stops, Web UI link")
    .option('-n, --limit <n>', 'how many, newest first', integer('--limit', 1, 1000), 20)
    .option('--since <duration>', 'only switches started within this long, e.g. 7d, 12h')
    .option('--json', 'machine-readable output (shape: docs/cli.md)')
    .addHelpText('after', examples('morpheus mode history', 'morpheus mode history --since 7d', 'morpheus mode history --limit 5 --json'))
    .action(action<{ limit: number; since?: string; json?: boolean }>((ctx, o) => commands.modeHistory().runModeHistory(ctx, o)));

  mode
    .command('cancel')
    .description("cancel the host's running switch: the step under way completes, nothing further starts, rollback rules apply")
    .option('--no-wait', 'request the cancellation and return at once')
    .option('--json', 'print the outcome as JSON')
    .addHelpText('after', `${examples('morpheus mode cancel', 'morpheus mode cancel --no-wait')}\n${EXIT_CODES_HELP}\n`)
    .action(action<{ wait?: boolean; json?: boolean }>((ctx, o) => commands.modeCancel().runModeCancel(ctx, o)));

  addScheduleCommands(program, action);
  addHostCommands(program, action);
  addDoctorCommand(program, action);
  addConfigCommands(program, action);

  program
    .command('sim')
    .description('run the built-in Proxmox VE simulator (HTTPS on 127.0.0.1) and print a config pointing at it')
    .option('-p, --port <n>', 'port to listen on (0 picks a free one)', integer('--port', 0, 65535), 8006)
    .option('--scenario <file>', 'YAML/JSON scenario: VMs, behaviours, tokens, faults (docs/simulator.md)')
    .option('--time-scale <x>', 'real seconds per simulated second: 0.1 makes a 15 s boot take 1.5 s', timeScale)
    .addHelpText('after', examples('morpheus sim', 'morpheus sim --port 0 --time-scale 0.1', 'morpheus sim --scenario my-lab.yaml'))
    .action(action<{ port: number; scenario?: string; timeScale?: number }>((ctx, o) => commands.sim().runSim(ctx, o)));

  program
    .command('worker')
    .description('run the switch workflows and activities for the configured host, or every host of a hosts: config (until Ctrl-C)')
    .option('--dev-server', 'also run an embedded, persistent Temporal dev server (Web UI on port+1000)')
    .option('--db <file>', 'SQLite file of the embedded dev server', undefined)
    .option('--ui-port <n>', 'Web UI port of the embedded dev server', integer('--ui-port', 1, 65535))
    .option('--metrics <host:port>', 'serve Prometheus metrics at /metrics and a health check at /healthz there')
    .addHelpText(
      'after',
      examples(
        'morpheus worker',
        'morpheus worker --dev-server',
        'TEMPORAL_ADDRESS=temporal.lan:7233 morpheus worker',
        'morpheus worker --metrics 127.0.0.1:9464    # then: curl http://127.0.0.1:9464/healthz',
      ),
    )
    .action(action<{ devServer?: boolean; db?: string; uiPort?: number; metrics?: string }>((ctx, o) => commands.worker().runWorkerCommand(ctx, o)));

  program
    .command('mqtt')
    .description(
      "Home Assistant bridge (until Ctrl-C): announces the host's boot-mode select, sensors and buttons by MQTT discovery, runs the switches chosen there",
    )
    .addHelpText(
      'after',
      `${examples('morpheus mqtt', 'MQTT_PASSWORD=... morpheus mqtt --config ~/.morpheus/config.yaml')}\nThe config's mqtt: section names the broker (docs/home-assistant.md).\n`,
    )
    .action(action((ctx) => commands.mqtt().runMqtt(ctx)));

  program
    .command('demo')
    .description('the whole system in one process: simulator + Temporal dev server + worker, then list, a live switch, status')
    .option('--to <mode>', 'the mode to switch to', 'windowsvrstreaming')
    .option('--time-scale <x>', 'simulated guest speed (real seconds per simulated second)', timeScale, 0.2)
    .option('--stay', 'keep everything (and the Web UI) up until Ctrl-C (default on a terminal)')
    .option('--no-stay', 'exit as soon as the demo is done')
    .addHelpText('after', examples('morpheus demo', 'morpheus demo --to nimsforestnogpu --no-stay'))
    .action(action<{ to: string; timeScale: number; stay?: boolean }>((ctx, o) => commands.demo().runDemo(ctx, o)));

  addHostOption(program);

  // Commander's own `help <command>` prints the top-level help, exit 0, for a name it does not know.
  program
    .helpCommand(false)
    .command('help [command...]')
    .description('help for a command')
    .addHelpText('after', examples('morpheus help mode switch', 'morpheus help worker'))
    .action((names: string[]) => {
      commandAt(program, names).outputHelp();
      onExit(ExitCode.ok);
    });

  return program;
}

// Commands that act on no one host: `sim` and `demo` read no config, and the worker serves every host
// of its config (two workers, each restricted to one host of a hosts: config, would share its task
// queue and receive each other's switches). `config init` has a --host of its own: the new host's address.
const NOT_ONE_HOST = new Set(['sim', 'demo', 'help', 'worker']);

/** Every command that acts on one host takes --host: which host of a `hosts:` config. */
function addHostOption(program: Command): void {
  const leaves = (c: Command): Command[] => (c.commands.length === 0 ? [c] : c.commands.flatMap(leaves));
  for (const leaf of program.commands.flatMap(leaves)) {
    if (NOT_ONE_HOST.has(leaf.name()) || leaf.options.some((o) => o.long === '--host')) continue;
    leaf.option('--host <name>', 'the host of a hosts: config to act on (default: $MORPHEUS_HOST, or the only one)');
  }
}

/** The (sub)command a `help` path names; an unknown name is a usage error with a suggestion. */
function commandAt(program: Command, names: readonly string[]): Command {
  let command = program;
  for (const [i, name] of names.entries()) {
    const next = command.commands.find((c) => c.name() === name || c.aliases().includes(name));
    if (!next) {
      const path = ['morpheus', ...names.slice(0, i)].join(' ');
      const guess = didYouMean(
        name,
        command.commands.map((c) => c.name()),
      );
      throw new UsageError(`unknown command '${name}' for ${path}`, {
        hint: guess ? `did you mean \`${path} ${guess}\`?` : `\`${path} --help\` lists the commands`,
      });
    }
    command = next;
  }
  return command;
}
