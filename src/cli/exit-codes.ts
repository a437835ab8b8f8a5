import { ExitCode } from '../errors';
import { FailureType } from '../shared/failure-types';
import type { SwitchOutcome } from './switch-runs';

const BY_CAUSE: Readonly<Record<string, ExitCode>> = {
  ProxmoxAuthError: ExitCode.auth,
  ProxmoxPermissionError: ExitCode.auth,
  ProxmoxTransientError: ExitCode.unreachable,
  ProxmoxTlsError: ExitCode.unreachable,
  [FailureType.hostAsleep]: ExitCode.unreachable,
};

/** The exit code of a run that did not complete: cancelled (8), refused (3), auth (7), unreachable (6), or failed (4). */
export function exitCodeForFailure(o: Exclude<SwitchOutcome, { kind: 'completed' }>): ExitCode {
  if (o.kind === 'cancelled') return ExitCode.cancelled;
  if (o.type === FailureType.refused) return ExitCode.refused;
  const cause = (o.details as { causeType?: string } | undefined)?.causeType;
  return (cause === undefined ? undefined : BY_CAUSE[cause]) ?? ExitCode.failed;
}

/** The exit-code table for `--help`; keep it in step with ExitCode. */
export const EXIT_CODES_HELP = `Exit codes:
  0  success (including "nothing to do")
  1  internal error (a bug: please report it)
  2  usage or config error
  3  refused: the request conflicts with what runs, nothing was changed
  4  failed: a step of the switch failed (see the rollback line)
  5  busy: another switch is in progress on this host
  6  unreachable: Proxmox or Temporal cannot be reached, or no worker runs
  7  auth: Proxmox refused the API token or a privilege is missing
  8  cancelled: the switch was cancelled (morpheus mode cancel, or the Web UI)
  130 interrupted: you stopped watching (the switch goes on)`;
