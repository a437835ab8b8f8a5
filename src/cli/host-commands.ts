import { type Command, InvalidArgumentError } from 'commander';
import { parseDuration } from '../config/duration';
import type { CliContext } from './context';
import { EXIT_CODES_HELP } from './exit-codes';
import { examples } from './help-text';
import { present } from './output';
import type { CommandAction } from './program';

// `morpheus host …`: commands about the Proxmox host itself rather than its modes.
const load = {
  wake: () => require('./host/wake') as typeof import('./host/wake'),
  view: () => require('./render/host-wake') as typeof import('./render/host-wake'),
};

const duration = (flag: string) => (v: string) => {
  const ms = parseDuration(v);
  if (ms === undefined || ms < 1_000) throw new InvalidArgumentError(`${flag} must be a duration of at least 1s, e.g. 90s, 5m`);
  return ms;
};

export function addHostCommands(program: Command, action: CommandAction): void {
  const host = program.command('host').description('the Proxmox host itself: wake it up').addHelpText('after', examples('morpheus host wake'));

  host
    .command('wake')
    .description('send the Wake-on-LAN magic packet (proxmox.wol) and wait, with progress, until the Proxmox API answers')
    .option('--timeout <duration>', 'how long to wait for the API (default: proxmox.wol.timeout, 5m)', duration('--timeout'))
    .option('--no-wait', 'send the packet and return at once')
    .option('--json', 'print the outcome as JSON (shape: docs/cli.md)')
    .addHelpText(
      'after',
      `${examples('morpheus host wake', 'morpheus host wake --timeout 10m', 'morpheus host wake --no-wait', 'morpheus host wake && morpheus mode switch windowsvrstreaming')}\n${EXIT_CODES_HELP}\n`,
    )
    .action(
      action<{ timeout?: number; wait?: boolean; json?: boolean }>(async (ctx: CliContext, o) => {
        const { proxmox } = ctx.config().config;
        const view = load.view();
        const tty = ctx.tty && !o.json;
        let lastPhase: string | undefined;
        const { wol } = proxmox;
        const result = await load.wake().hostWake(
          {
            node: proxmox.node,
            address: `${proxmox.host}:${proxmox.port}`,
            wol: proxmox.wol,
            client: ctx.proxmox(),
            onProgress: (p) => {
              if (o.json) return;
              if (lastPhase === undefined && wol) ctx.out(view.wakeHeader(proxmox.node, `${proxmox.host}:${proxmox.port}`, wol, o.timeout ?? wol.timeout));
              // A terminal gets a live line; a log gets one line per change of phase.
              if (tty) ctx.io.stdout.write(`\r\u001b[2K${view.wakeProgressLine(p, ctx.colors)}`);
              else if (p.phase !== lastPhase) ctx.out(view.wakeProgressLine(p, ctx.colors));
              lastPhase = p.phase;
            },
          },
          { timeoutMs: o.timeout, wait: o.wait },
        );
        if (tty && lastPhase !== undefined) ctx.io.stdout.write('\r\u001b[2K');
        return present(ctx, view.hostWakeView, result, o.json);
      }),
    );
}
