import type { SwitchProgress } from '../contract/switch';
import type { CommandDeps } from './deps';
import { latestSwitch, outcomeOf, queryProgress, type SwitchOutcome, type SwitchRun } from './switch-runs';
import { webUiUrl } from '../temporal/web-ui-url';

/** The host's switch in flight or its last one, as `mode list` and `mode status` show it. */
export type SwitchInfo =
  | { readonly kind: 'none' }
  | { readonly kind: 'unavailable'; readonly reason: string }
  | { readonly kind: 'running'; readonly run: SwitchRun; readonly progress: SwitchProgress | undefined; readonly url: string | undefined }
  | { readonly kind: 'closed'; readonly run: SwitchRun; readonly outcome: SwitchOutcome | undefined; readonly url: string | undefined };

/**
 * Asks Temporal about the host's switches, best effort: read commands still answer when Temporal is
 * down, and say so. `withOutcome` also fetches how the last run ended.
 */
export async function switchInfo(deps: Pick<CommandDeps, 'temporal' | 'node' | 'env'>, withOutcome: boolean): Promise<SwitchInfo> {
  try {
    const session = await deps.temporal(2_000);
    const run = await latestSwitch(session, deps.node);
    if (!run) return { kind: 'none' };
    const url = webUiUrl(session.options, run.workflowId, run.runId, deps.env);
    if (run.status === 'RUNNING') return { kind: 'running', run, progress: await queryProgress(session, run), url };
    const outcome = withOutcome && ['COMPLETED', 'FAILED', 'CANCELLED'].includes(run.status) ? await outcomeOf(run) : undefined;
    return { kind: 'closed', run, outcome, url };
  } catch (err) {
    return { kind: 'unavailable', reason: err instanceof Error ? err.message : String(err) };
  }
}

/** Stable JSON for --json output. */
export function switchInfoJson(info: SwitchInfo): Record<string, unknown> | null {
  if (info.kind === 'none') return null;
  if (info.kind === 'unavailable') return { status: 'unknown', error: info.reason };
  const base = {
    workflow_id: info.run.workflowId,
    run_id: info.run.runId,
    status: info.run.status.toLowerCase(),
    summary: info.run.summary ?? null,
    started_at: info.run.startTime.toISOString(),
    closed_at: info.run.closeTime?.toISOString() ?? null,
    web_ui: info.url ?? null,
  };
  if (info.kind === 'running') {
    const running = info.progress?.steps.find((s) => s.status === 'running');
    return { ...base, requested_by: info.progress?.input.requestedBy ?? null, step: running?.label ?? null };
  }
  const o = info.outcome;
  return {
    ...base,
    outcome: o?.kind === 'completed' ? o.result.outcome : (o?.kind ?? null),
    error: o?.kind === 'failed' || o?.kind === 'cancelled' ? o.message : null,
  };
}
