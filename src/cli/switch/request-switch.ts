import { ExitCode, MorpheusError } from '../../errors';
import type { Plan } from '../../modes/types';
import { startMetaOf } from '../switch-meta';
import { plan } from '../../modes/planner';
import { webUiUrl } from '../../temporal/web-ui-url';
import type { SwitchInput } from '../../contract/switch';
import type { CommandDeps } from '../deps';
import { latestSwitch, outcomeOf, queryProgress, startSwitch, workerIsPolling, type SwitchRun } from '../switch-runs';
import type { TemporalSession } from '../temporal-session';

/** Thrown when no worker polls the task queue: a started switch would wait forever. */
export class NoWorkerError extends MorpheusError {
  override readonly name = 'NoWorkerError';
  readonly code = 'MORPHEUS_NO_WORKER';
  readonly exitCode = ExitCode.unreachable;
}

export interface RequestOptions {
  /** `--queue`: when another switch runs, wait for it to end, then run this one. */
  readonly queue?: boolean;
  /** false with `--no-wait`: start and return at once. */
  readonly follow?: boolean;
}

/** How a request ended before any watching: refused, busy, started in the background, or to be followed. */
export type RequestOutcome =
  | { readonly kind: 'refused'; readonly plan: Extract<Plan, { kind: 'refused' }> }
  | {
      readonly kind: 'busy';
      readonly node: string;
      readonly run: SwitchRun;
      readonly running: SwitchInput | undefined;
      readonly since: number;
      readonly url: string | undefined;
      readonly at: number;
    }
  | { readonly kind: 'background'; readonly run: SwitchRun; readonly url: string | undefined }
  | { readonly kind: 'follow'; readonly session: TemporalSession; readonly run: SwitchRun; readonly input: SwitchInput; readonly attached: boolean };

/**
 * Starts the host's switch for `input`, through the one workflow id per host: attaches to a running
 * switch with the same request, answers busy for another (or waits for it with `queue`), refuses
 * what the planner refuses on live state (starting nothing), and says so when no worker runs.
 * `note` receives the lines a person wants while it waits.
 */
export async function requestSwitch(deps: CommandDeps, input: SwitchInput, o: RequestOptions, note: (line: string) => void): Promise<RequestOutcome> {
  const session = await deps.temporal();
  for (;;) {
    const running = await runningSwitch(session, deps.node);
    if (running) {
      const progress = await queryProgress(session, running);
      const asked = progress?.input ?? running.request;
      if (asked?.target === input.target && asked.action === input.action) {
        note(`A switch to ${input.target} is already running; attaching to it.`);
        return { kind: 'follow', session, run: running, input: progress?.input ?? input, attached: true };
      }
      if (!o.queue) {
        const url = webUiUrl(session.options, running.workflowId, running.runId, deps.env);
        const runningInput = progress?.input ?? (running.request && { ...running.request, force: false });
        return {
          kind: 'busy',
          node: deps.node,
          run: running,
          running: runningInput,
          since: progress?.startedAt ?? running.startTime.getTime(),
          url,
          at: deps.now(),
        };
      }
      note(`Waiting for the running switch (${running.summary ?? running.workflowId}) to end...`);
      await outcomeOf(running);
      continue;
    }
    const host = await deps.lookAtHost();
    const p = host === 'asleep' ? undefined : plan(deps.modes, host, input);
    if (p?.kind === 'refused') return { kind: 'refused', plan: p };
    if (!p) note(`${deps.node} does not answer: the switch wakes it first (Wake-on-LAN), then plans on what it finds.`);
    if (!(await workerIsPolling(session))) {
      throw new NoWorkerError(`no Morpheus worker is running for host ${deps.node} (task queue "${session.options.taskQueue}" at ${session.options.address})`, {
        hint: 'start one with `morpheus worker` (or `morpheus worker --dev-server` for an all-in-one home-lab setup)',
      });
    }
    // The switch builds on this observation (it reads again only what may have changed since).
    const request = host === 'asleep' ? input : { ...input, observed: { at: deps.now(), snapshot: host } };
    const started = await startSwitch(session, deps.node, request, startMetaOf(deps.node, p, input));
    if ('busy' in started) continue;
    if (o.follow === false)
      return { kind: 'background', run: started.started, url: webUiUrl(session.options, started.started.workflowId, started.started.runId, deps.env) };
    return { kind: 'follow', session, run: started.started, input, attached: false };
  }
}

async function runningSwitch(session: TemporalSession, node: string): Promise<SwitchRun | undefined> {
  const run = await latestSwitch(session, node);
  return run?.status === 'RUNNING' ? run : undefined;
}
