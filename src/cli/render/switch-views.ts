import { ExitCode } from '../../errors';
import type { Plan } from '../../modes/types';
import { FailureType } from '../../shared/failure-types';
import type { SwitchFailureDetails, SwitchResult } from '../../contract/switch';
import { runningSwitchText } from '../../contract/switch-summary';
import { exitCodeForFailure } from '../exit-codes';
import type { View } from '../output';
import type { Followed } from '../switch/follow';
import type { RequestOutcome } from '../switch/request-switch';
import { planLines, planStepLine, refusalLines } from './plan';
import { failureLines, successLines } from './switch-outcome';
import { formatElapsed } from './time';

/** Everything `mode switch|start|stop` can end with (shapes: docs/cli.md, "--json outputs"). */
export type SwitchCommandResult = Exclude<RequestOutcome, { kind: 'follow' }> | Followed;

const stepJson = (s: SwitchResult['steps'][number]) => ({ label: s.label, status: s.status, duration_ms: s.durationMs ?? null, detail: s.detail ?? null });

function closedJson(r: Extract<Followed, { kind: 'closed' }>) {
  const o = r.outcome;
  const base = { workflow_id: r.run.workflowId, run_id: r.run.runId, action: r.input.action, target: r.input.target, web_ui: r.url ?? null };
  if (o.kind === 'completed') {
    const x = o.result;
    return { ...base, outcome: x.outcome, from: x.from, reason: x.reason ?? null, network: x.network ?? null, steps: x.steps.map(stepJson), error: null };
  }
  const d = (o.details ?? {}) as Partial<SwitchFailureDetails>;
  return {
    ...base,
    outcome: o.kind === 'cancelled' ? 'cancelled' : o.type === FailureType.refused ? 'refused' : 'failed',
    from: d.plan?.running ?? [],
    reason: null,
    network: null,
    steps: (d.steps ?? []).map(stepJson),
    error: { type: d.causeType ?? (o.kind === 'failed' ? o.type : undefined) ?? null, message: o.message, hint: d.hint ?? null, rollback: d.rollback ?? null },
  };
}

export const switchCommandView: View<SwitchCommandResult> = {
  text: (r, c) => {
    switch (r.kind) {
      case 'refused':
        return refusalLines(r.plan, c);
      case 'busy': {
        const what = runningSwitchText(r.running, r.run.summary, r.run.workflowId);
        return [
          c.yellow(
            `⏳ Another switch is in progress on ${r.node}: ${what}, running for ${formatElapsed(r.at - r.since)} (since ${new Date(r.since).toLocaleTimeString()}).`,
          ),
          `   Watch it:         morpheus mode watch${r.url ? `   (${r.url})` : ''}`,
          `   Run yours after:  add --queue`,
        ];
      }
      case 'background':
        return [`Started ${r.run.workflowId} (run ${r.run.runId}); watch it with: morpheus mode watch${r.url ? `\n   ${r.url}` : ''}`];
      case 'detached':
        return [];
      case 'closed': {
        const lines = r.outcome.kind === 'completed' ? successLines(r.outcome.result, r.gpu, c) : failureLines(r.outcome, r.input.target, c);
        return r.url ? [...lines, c.dim(`   Web UI: ${r.url}`)] : lines;
      }
    }
  },
  json: (r) => {
    switch (r.kind) {
      case 'refused':
        return {
          outcome: 'refused',
          action: r.plan.action,
          target: r.plan.target,
          running: r.plan.running,
          refusals: r.plan.refusals,
          alternatives: r.plan.alternatives,
        };
      case 'busy':
        return {
          outcome: 'busy',
          workflow_id: r.run.workflowId,
          run_id: r.run.runId,
          running: r.running ?? null,
          started_at: new Date(r.since).toISOString(),
          web_ui: r.url ?? null,
        };
      case 'background':
        return { outcome: 'started-in-background', workflow_id: r.run.workflowId, run_id: r.run.runId, web_ui: r.url ?? null };
      case 'detached':
        return { outcome: 'detached' };
      case 'closed':
        return closedJson(r);
    }
  },
  exitCode: (r) => {
    switch (r.kind) {
      case 'refused':
        return ExitCode.refused;
      case 'busy':
        return ExitCode.busy;
      case 'background':
        return ExitCode.ok;
      case 'detached':
        return ExitCode.interrupted;
      case 'closed':
        return r.outcome.kind === 'completed' ? ExitCode.ok : exitCodeForFailure(r.outcome);
    }
  },
};

export const dryRunView: View<Plan> = {
  text: (p, c) => planLines(p, c),
  json: (p) => ({ dry_run: true, plan: p, steps: p.kind === 'run' ? p.steps.map(planStepLine) : [] }),
  exitCode: (p) => (p.kind === 'refused' ? ExitCode.refused : ExitCode.ok),
};
