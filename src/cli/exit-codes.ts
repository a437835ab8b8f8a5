import { EXIT_CODE_MEANINGS, ExitCode } from '../errors';
import { FailureType } from '../shared/failure-types';
import type { SwitchFailureDetails } from '../contract/switch';
import type { SwitchOutcome } from './switch-runs';

// Failures the workflow raises itself (not a Proxmox error, which carries its own exit code).
const BY_FAILURE_TYPE: Readonly<Record<string, ExitCode>> = {
  [FailureType.hostAsleep]: ExitCode.unreachable,
};

/**
 * The exit code of a run that did not complete: cancelled (8), refused (3), else the exit code of the
 * error that failed the step (auth 7, unreachable 6, …), as its class declares it, else failed (4).
 */
export function exitCodeForFailure(o: Exclude<SwitchOutcome, { kind: 'completed' }>): ExitCode {
  if (o.kind === 'cancelled') return ExitCode.cancelled;
  if (o.type === FailureType.refused) return ExitCode.refused;
  const d = (o.details ?? {}) as Partial<SwitchFailureDetails>;
  return d.causeExitCode ?? (d.causeType === undefined ? undefined : BY_FAILURE_TYPE[d.causeType]) ?? ExitCode.failed;
}

/** The exit-code table for `--help`. */
export const EXIT_CODES_HELP = `Exit codes:\n${Object.entries(EXIT_CODE_MEANINGS)
  .map(([code, meaning]) => `  ${code.padEnd(2)} ${meaning}`)
  .join('\n')}`;
