import { webUiUrl } from '../../temporal/web-ui-url';
import type { SwitchInput, SwitchResult } from '../../contract/switch';
import type { CommandDeps } from '../deps';
import type { SwitchOutcome, SwitchRun } from '../switch-runs';
import type { TemporalSession } from '../temporal-session';
import { watchSwitch, type LiveOutput } from '../watch';

/** How following a switch ended: it closed (with its outcome), or the user stopped watching. */
export type Followed =
  | {
      readonly kind: 'closed';
      readonly run: SwitchRun;
      readonly input: SwitchInput;
      readonly outcome: SwitchOutcome;
      readonly url: string | undefined;
      readonly gpu: string | undefined;
    }
  | { readonly kind: 'detached' };

/** Watches a run to its end, rendering live progress to `live` (none with --json), and says how it ended. */
export async function followSwitch(
  deps: CommandDeps,
  session: TemporalSession,
  run: SwitchRun,
  input: SwitchInput,
  live: LiveOutput,
  quiet: boolean,
): Promise<Followed> {
  const watched = await watchSwitch(live, session, run, input, quiet);
  if (watched.kind === 'detached') return watched;
  const gpu = watched.outcome.kind === 'completed' ? gpuOf(deps, watched.outcome.result) : undefined;
  return { kind: 'closed', run, input, outcome: watched.outcome, url: webUiUrl(session.options, run.workflowId, run.runId, deps.env), gpu };
}

/** "NVIDIA GeForce RTX 4090 (exclusive)": the switch's result names the target's GPU (the worker reads the host's PCI list). */
function gpuOf(deps: CommandDeps, r: SwitchResult): string | undefined {
  const mode = deps.modes.find((m) => m.name === r.input.target);
  if (!mode || mode.gpuMode === 'none') return undefined;
  return `${r.gpu ?? 'unknown device'} (${mode.gpuMode})`;
}
