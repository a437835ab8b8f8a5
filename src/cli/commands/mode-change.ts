import { jsonText } from '../render/json';
import { hostname, userInfo } from 'node:os';
import { didYouMean } from '../../config/suggest';
import { FailureType } from '../../shared/failure-types';
import { ExitCode, MorpheusError, UsageError } from '../../errors';
import { gpuName } from '../../host/gpu-name';
import { observeHost } from '../../host/observe-host';
import { vmOf } from '../../modes/gpu';
import type { Action, Plan } from '../../modes/plan';
import { plan } from '../../modes/planner';
import type { SwitchInput, SwitchResult } from '../../workflows/contract';
import type { CliContext } from '../context';
import { planLines, planStepLine, refusalLines } from '../render/plan';
import { failureLines, successLines } from '../render/switch-outcome';
import { exitCodeForFailure } from '../exit-codes';
import { latestSwitch, outcomeOf, queryProgress, startSwitch, workerIsPolling, type SwitchOutcome, type SwitchRun } from '../switch-runs';
import type { TemporalSession } from '../temporal-session';
import { webUiUrl } from '../../temporal/web-ui-url';
import { formatElapsed } from '../render/time';
import { runningSwitchText } from '../../contract/switch-summary';
import { startMetaOf } from '../switch-meta';
import { watchSwitch } from '../watch';

export interface ModeChangeOptions {
  readonly dryRun?: boolean;
  readonly force?: boolean;
  /** false with --no-wait: return the workflow id at once. */
  readonly wait?: boolean;
  /** --wait: when another switch runs, wait for it to end, then run this one. */
  readonly queue?: boolean;
  readonly rollback?: boolean;
  readonly json?: boolean;
}

/** Thrown when no worker polls the task queue: a started switch would wait forever. */
export class NoWorkerError extends MorpheusError {
  override readonly name = 'NoWorkerError';
  readonly code = 'MORPHEUS_NO_WORKER';
  readonly exitCode = ExitCode.unreachable;
}

/** `mode switch|start|stop <mode>`: plan on live state, then run (and watch) the host's switch workflow. */
export async function modeChange(ctx: CliContext, action: Action, target: string, opts: ModeChangeOptions): Promise<ExitCode> {
  const modes = ctx.modes();
  if (!modes.some((m) => m.name === target)) {
    const guess = didYouMean(target, modes.map((m) => m.name));
    throw new UsageError(`unknown mode "${target}"${guess ? `; did you mean "${guess}"?` : ''}`, { hint: `known modes: ${modes.map((m) => m.name).join(', ')} (see morpheus mode list)` });
  }
  const input: SwitchInput = { action, target, force: Boolean(opts.force), rollback: opts.rollback === false ? false : undefined, requestedBy: `cli:${userInfo().username}@${hostname()}` };

  if (opts.dryRun) {
    const p = plan(modes, await observeHost(ctx.proxmox()), input);
    if (opts.json) ctx.out(jsonText({ dry_run: true, plan: p, steps: p.kind === 'run' ? p.steps.map(planStepLine) : [] }));
    else for (const line of planLines(p, ctx.colors)) ctx.out(line);
    return p.kind === 'refused' ? ExitCode.refused : ExitCode.ok;
  }

  const session = await ctx.temporal();
  for (;;) {
    const running = await runningSwitch(session, ctx.node);
    if (running) {
      const progress = await queryProgress(session, running);
      if (progress?.input.target === target && progress.input.action === action) {
        if (!opts.json) ctx.out(`A switch to ${target} is already running; attaching to it.`);
        return follow(ctx, session, running, progress.input, opts);
      }
      if (!opts.queue) return reportBusy(ctx, session, running, progress?.input, progress?.startedAt, opts);
      if (!opts.json) ctx.out(`Waiting for the running switch (${running.summary ?? running.workflowId}) to end...`);
      await outcomeOf(running);
      continue;
    }
    const p = plan(modes, await observeHost(ctx.proxmox()), input);
    if (p.kind === 'refused') return refused(ctx, p, opts);
    if (!(await workerIsPolling(session))) {
      throw new NoWorkerError(`no Morpheus worker is running for host ${ctx.node} (task queue "${session.options.taskQueue}" at ${session.options.address})`, {
        hint: 'start one with `morpheus worker` (or `morpheus worker --dev-server` for an all-in-one home-lab setup)',
      });
    }
    const started = await startSwitch(session, ctx.node, input, startMetaOf(ctx.node, p, input));
    if ('busy' in started) continue;
    if (opts.wait === false) {
      const url = webUiUrl(session.options, started.started.workflowId, started.started.runId, ctx.io.env);
      if (opts.json) ctx.out(jsonText({ outcome: 'started-in-background', workflow_id: started.started.workflowId, run_id: started.started.runId, web_ui: url ?? null }));
      else ctx.out(`Started ${started.started.workflowId} (run ${started.started.runId}); watch it with: morpheus mode watch${url ? `\n   ${url}` : ''}`);
      return ExitCode.ok;
    }
    return follow(ctx, session, started.started, input, opts);
  }
}

async function runningSwitch(session: TemporalSession, node: string): Promise<SwitchRun | undefined> {
  const run = await latestSwitch(session, node);
  return run?.status === 'RUNNING' ? run : undefined;
}

/** Watches a run to its end and prints (or returns as JSON) how it ended. */
export async function follow(ctx: CliContext, session: TemporalSession, run: SwitchRun, input: SwitchInput, opts: { json?: boolean | undefined }): Promise<ExitCode> {
  const watched = await watchSwitch(ctx, session, run, input, Boolean(opts.json));
  if (watched.kind === 'detached') return ExitCode.interrupted;
  const url = webUiUrl(session.options, run.workflowId, run.runId, ctx.io.env);
  const outcome = watched.outcome;
  const gpu = outcome.kind === 'completed' ? await gpuOf(ctx, outcome.result) : undefined;
  if (opts.json) {
    ctx.out(jsonText(outcomeJson(outcome, run, input, url)));
  } else {
    const lines = outcome.kind === 'completed' ? successLines(outcome.result, gpu, ctx.colors) : failureLines(outcome, input.target, ctx.colors);
    for (const line of lines) ctx.out(line);
    if (url) ctx.out(ctx.colors.dim(`   Web UI: ${url}`));
  }
  return outcome.kind === 'completed' ? ExitCode.ok : exitCodeForFailure(outcome);
}

async function gpuOf(ctx: CliContext, r: SwitchResult): Promise<string | undefined> {
  const mode = ctx.modes().find((m) => m.name === r.input.target);
  if (!mode || mode.gpuMode === 'none') return undefined;
  try {
    const client = ctx.proxmox();
    const [pci, snapshot] = await Promise.all([client.pciDevices(), observeHost(client)]);
    const name = gpuName(pci, vmOf(snapshot, mode.vmid)?.passthrough ?? []);
    return `${name ?? 'unknown device'} (${mode.gpuMode})`;
  } catch {
    return `(${mode.gpuMode})`;
  }
}

function outcomeJson(o: SwitchOutcome, run: SwitchRun, input: SwitchInput, url: string | undefined) {
  const base = { workflow_id: run.workflowId, run_id: run.runId, action: input.action, target: input.target, web_ui: url ?? null };
  if (o.kind === 'completed') {
    const r = o.result;
    return { ...base, outcome: r.outcome, from: r.from, reason: r.reason ?? null, network: r.network ?? null, steps: r.steps.map(stepJson), error: null };
  }
  const d = (o.details ?? {}) as { steps?: SwitchResult['steps']; rollback?: unknown; hint?: string; causeType?: string };
  return {
    ...base,
    outcome: o.kind === 'cancelled' ? 'cancelled' : o.type === FailureType.refused ? 'refused' : 'failed',
    from: [],
    reason: null,
    network: null,
    steps: (d.steps ?? []).map(stepJson),
    error: { type: d.causeType ?? (o.kind === 'failed' ? o.type : undefined) ?? null, message: o.message, hint: d.hint ?? null, rollback: d.rollback ?? null },
  };
}

const stepJson = (s: SwitchResult['steps'][number]) => ({ label: s.label, status: s.status, duration_ms: s.durationMs ?? null, detail: s.detail ?? null });

function refused(ctx: CliContext, p: Extract<Plan, { kind: 'refused' }>, opts: ModeChangeOptions): ExitCode {
  if (opts.json) ctx.out(jsonText({ outcome: 'refused', action: p.action, target: p.target, running: p.running, refusals: p.refusals, alternatives: p.alternatives }));
  else for (const line of refusalLines(p, ctx.colors)) ctx.out(line);
  return ExitCode.refused;
}

function reportBusy(ctx: CliContext, session: TemporalSession, run: SwitchRun, input: SwitchInput | undefined, startedAt: number | undefined, opts: ModeChangeOptions): ExitCode {
  const since = startedAt ?? run.startTime.getTime();
  const url = webUiUrl(session.options, run.workflowId, run.runId, ctx.io.env);
  const what = runningSwitchText(ctx.node, input, run.summary, run.workflowId);
  if (opts.json) {
    ctx.out(jsonText({ outcome: 'busy', workflow_id: run.workflowId, run_id: run.runId, running: input ?? null, started_at: new Date(since).toISOString(), web_ui: url ?? null }));
  } else {
    ctx.out(ctx.colors.yellow(`⏳ Another switch is in progress on ${ctx.node}: ${what}, running for ${formatElapsed(Date.now() - since)} (since ${new Date(since).toLocaleTimeString()}).`));
    ctx.out(`   Watch it:         morpheus mode watch${url ? `   (${url})` : ''}`);
    ctx.out(`   Run yours after:  add --wait`);
  }
  return ExitCode.busy;
}
