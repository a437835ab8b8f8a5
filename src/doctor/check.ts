import { ExitCode } from '../errors';

/** The checks, in the order they run and print. */
export const CHECKS = {
  config: { title: 'Config is valid', exitCode: ExitCode.usage },
  'proxmox-reachable': { title: 'Proxmox is reachable', exitCode: ExitCode.unreachable },
  tls: { title: 'TLS certificate is trusted', exitCode: ExitCode.unreachable },
  token: { title: 'API token authenticates', exitCode: ExitCode.auth },
  privileges: { title: 'Token privileges suffice', exitCode: ExitCode.auth },
  'mode-vms': { title: "Each mode's VM exists", exitCode: ExitCode.failed },
  'gpu-mode': { title: 'gpu_mode matches the VM configs', exitCode: ExitCode.failed },
  'shared-devices': { title: 'No other VM passes the GPU through', exitCode: ExitCode.failed },
  'guest-agent': { title: 'Guest agents are enabled and answer', exitCode: ExitCode.failed },
  temporal: { title: 'Temporal is reachable, search attributes registered', exitCode: ExitCode.unreachable },
  worker: { title: "A worker polls the host's task queue", exitCode: ExitCode.unreachable },
  schedules: { title: 'Schedules target known modes', exitCode: ExitCode.failed },
} as const;

export type CheckId = keyof typeof CHECKS;
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

/** One check's verdict: a one-line summary, lines of detail, and for warn/fail what to do. */
export interface CheckResult {
  readonly id: CheckId;
  readonly title: string;
  readonly status: CheckStatus;
  readonly summary: string;
  readonly details: readonly string[];
  readonly fix: readonly string[];
}

const result =
  (status: CheckStatus) =>
  (id: CheckId, summary: string, more: { details?: readonly string[]; fix?: readonly string[] } = {}): CheckResult => ({
    id,
    title: CHECKS[id].title,
    status,
    summary,
    details: more.details ?? [],
    fix: more.fix ?? [],
  });

export const ok = result('ok');
export const warn = result('warn');
export const fail = result('fail');
/** A check that could not run because an earlier one failed; `because` says which. */
export const skip = (id: CheckId, because: string): CheckResult => result('skip')(id, `not checked: ${because}`);

/** The exit code of a doctor run: 0, or the code of the first failed check's kind (2, 4, 6 or 7). */
export function doctorExitCode(results: readonly CheckResult[]): ExitCode {
  const first = results.find((r) => r.status === 'fail');
  return first ? CHECKS[first.id].exitCode : ExitCode.ok;
}
