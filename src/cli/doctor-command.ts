import type { Command } from 'commander';
import type { CliContext } from './context';
import { examples } from './help-text';
import { present } from './output';
import type { CommandAction } from './program';

// `morpheus doctor`: loaded when run; it reads, then one view prints every check.
const load = {
  deps: () => require('./doctor/deps') as typeof import('./doctor/deps'),
  doctor: () => require('./doctor/doctor') as typeof import('./doctor/doctor'),
  view: () => require('./render/doctor') as typeof import('./render/doctor'),
};

const DOCTOR_EXIT_CODES = `Exit codes:
  0  every check passed (warnings allowed)
  2  the config is invalid
  4  a mode's VM, gpu_mode, passthrough, guest agent or schedule is wrong
  6  Proxmox or Temporal cannot be reached, the TLS certificate is not trusted, or no worker runs
  7  the token is refused or lacks privileges
  (with several failures: the code of the first one listed)`;

export function addDoctorCommand(program: Command, action: CommandAction): void {
  program
    .command('doctor')
    .description(
      'check the whole setup, each check ✓ or ✗ with the fix: config, Proxmox, TLS, token and privileges, modes, GPU, guest agents, Temporal, worker, schedules',
    )
    .option('--json', 'the same checks as JSON (shape: docs/cli.md)')
    .addHelpText(
      'after',
      `${examples('morpheus doctor', 'morpheus doctor --json | jq -r \'.checks[] | select(.status == "fail") | .fix[]\'', 'morpheus --config ~/lab.yaml doctor')}\n${DOCTOR_EXIT_CODES}\n`,
    )
    .action(
      action<{ json?: boolean }>(async (ctx: CliContext, o) => {
        const deps = load.deps().doctorDeps(ctx);
        try {
          return present(ctx, load.view().doctorView, await load.doctor().doctor(deps), o.json);
        } finally {
          await deps.close();
        }
      }),
    );
}
