import { homedir } from 'node:os';
import { type Command, InvalidArgumentError } from 'commander';
import type { CliContext } from './context';
import { EXIT_CODES_HELP } from './exit-codes';
import { examples } from './help-text';
import { present } from './output';
import type { CommandAction } from './program';

// `morpheus config …`: loaded when run.
const load = {
  init: () => require('./config-init/init') as typeof import('./config-init/init'),
  ask: () => require('./config-init/terminal-ask') as typeof import('./config-init/terminal-ask'),
  view: () => require('./render/config-init') as typeof import('./render/config-init'),
};

const port = (v: string) => {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 65_535) throw new InvalidArgumentError('--port must be an integer from 1 to 65535');
  return n;
};

type InitFlags = import('./config-init/init').ConfigInitOptions & { json?: boolean };

export function addConfigCommands(program: Command, action: CommandAction): void {
  const config = program.command('config').description('write the config file').addHelpText('after', examples('morpheus config init'));

  config
    .command('init')
    .description("read the host's VMs and write a starting config: a mode per VM you pick, gpu_mode from its passthrough, conflicts_with, the TLS pin")
    .option('--host <host>', 'the Proxmox host (default: $PROXMOX_HOST)')
    .option('--port <n>', 'its API port', port, 8006)
    .option('--node <name>', 'the node whose VMs become modes (default: the only one)')
    .option('--token-id <id>', 'the API token id, USER@REALM!TOKENID (default: $PROXMOX_API_TOKEN_ID)')
    .option('--secret-env <name>', 'the environment variable holding the token secret; the file gets ${NAME}, never the secret', 'PROXMOX_API_TOKEN')
    .option('--modes <vmids>', 'the VMs that become modes, e.g. 101,102,103, or all (asked on a terminal)')
    .option('--fingerprint <sha256>', 'pin this certificate fingerprint; refused if the host presents another')
    .option('--ca-file <file>', 'trust the certificate through this CA (a copy of /etc/pve/pve-root-ca.pem) instead of pinning')
    .option('--yes', 'ask nothing: pin the certificate the host presents, keep the proposed names and gpu_modes, write')
    .option('--force', 'replace an existing config file')
    .option('--print', 'print the config instead of writing it')
    .option('--output <file>', 'where to write it (default: --config, $MORPHEUS_CONFIG, then ~/.morpheus/config.yaml)')
    .option('--json', 'print what was written as JSON (shape: docs/cli.md)')
    .addHelpText(
      'after',
      `${examples(
        "morpheus config init --host 192.168.1.100 --token-id 'morpheus@pve!morpheus'   # secret: $PROXMOX_API_TOKEN",
        "morpheus config init --host 192.168.1.100 --token-id 'morpheus@pve!morpheus' --modes 101,102,103 --yes",
        "morpheus config init --host pve.lan --token-id 'morpheus@pve!morpheus' --modes all --fingerprint AA:BB:… --print > lab.yaml",
      )}\n${EXIT_CODES_HELP}\n`,
    )
    .action(
      action<InitFlags>(async (ctx: CliContext, o) => {
        const interactive = Boolean(process.stdin.isTTY) && !o.yes && !o.json;
        const terminal = interactive ? load.ask().terminalAsk(process.stdin, ctx.io.stderr) : undefined;
        try {
          const result = await load
            .init()
            .configInit(
              { env: ctx.io.env, ask: terminal?.ask, say: (line) => ctx.err(line), configFlag: ctx.options.config, homedir: homedir(), now: () => new Date() },
              o,
            );
          return present(ctx, load.view().configInitView, result, o.json);
        } finally {
          terminal?.close();
        }
      }),
    );
}
