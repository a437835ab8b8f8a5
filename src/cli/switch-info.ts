import { join } from 'node:path';
import type { SwitchProgress } from '../contract/switch';
import type { TemporalConfig } from '../config/schema';
import { temporalConnectionOptions } from '../temporal/connection-options';
import { webUiUrl } from '../temporal/web-ui-url';
import { latestSwitch, outcomeOf, queryProgress, type SwitchOutcome, type SwitchRun } from './switch-runs';
import { tcpAnswers } from '../temporal/tcp-probe';
import { openTemporalSession, unreachableMessage } from './temporal-session';
import { startOneRequestThread } from './threads/one-request';

/** A run as `mode list` and `mode status` show it: what Temporal said of it, without a handle to act on. */
export type SwitchRunFacts = Omit<SwitchRun, 'handle'>;

/** The host's switch in flight or its last one, as `mode list` and `mode status` show it. */
export type SwitchInfo =
  | { readonly kind: 'none' }
  | { readonly kind: 'unavailable'; readonly reason: string }
  | { readonly kind: 'running'; readonly run: SwitchRunFacts; readonly progress: SwitchProgress | undefined; readonly url: string | undefined }
  | { readonly kind: 'closed'; readonly run: SwitchRunFacts; readonly outcome: SwitchOutcome | undefined; readonly url: string | undefined };

export interface SwitchInfoRequest {
  /** The config's `temporal:` section: plain data, which a thread can be given (key and certificate files are read there). */
  readonly temporal: TemporalConfig;
  readonly node: string;
  /** Also fetch how the last run ended. */
  readonly withOutcome: boolean;
  /** MORPHEUS_UI_URL, for the Web UI link. */
  readonly uiUrl: string | undefined;
}

const CONNECT_TIMEOUT_MS = 2_000;
// Loading, connecting, a describe, then a query (3 s at most) or the result: past this it is given up on.
const THREAD_TIMEOUT_MS = 8_000;

/** A worker thread that asks Temporal about one host's switches, once. */
export interface SwitchInfoThread {
  /** Ends the thread once it settles, also when the TCP look answers first. */
  read(request: SwitchInfoRequest): Promise<SwitchInfo>;
  /** Ends a thread that was never read. */
  close(): Promise<void>;
}

/**
 * Starts the thread at once: it loads Temporal's client (gRPC, protobuf: most of a cold `mode list`'s
 * CPU) on another core while the command reads its config and the host on this one. Best effort: read
 * commands still answer when Temporal is down, and say so.
 */
export function startSwitchInfoThread(): SwitchInfoThread {
  const thread = startOneRequestThread<SwitchInfoRequest, SwitchInfo>(join(__dirname, 'threads', 'switch-info-thread.js'));
  return {
    read: (request) => {
      const { address } = request.temporal;
      const unavailable = (reason: string): SwitchInfo => ({ kind: 'unavailable', reason });
      return Promise.race([
        thread.ask(request, THREAD_TIMEOUT_MS).catch((err: Error) => unavailable(`Temporal: ${err.message}`)),
        // A server that is down says so here in milliseconds, while the thread is still loading.
        tcpAnswers(address, CONNECT_TIMEOUT_MS).then((problem) => (problem ? unavailable(unreachableMessage(address, problem)) : new Promise<never>(() => {}))),
      ]).finally(() => void thread.close());
    },
    close: () => thread.close(),
  };
}

/** The thread's work: one connection, the latest run, and its progress or outcome. */
export async function readSwitchInfo({ temporal, node, withOutcome, uiUrl }: SwitchInfoRequest): Promise<SwitchInfo> {
  try {
    const options = temporalConnectionOptions(temporal);
    // Connected before it asks (one GetSystemInfo): a connection that fails then says why, within
    // its deadline, where a lazy one would leave it to the describe's retries. The TCP look is the
    // main thread's (`startSwitchInfoThread`).
    const session = await openTemporalSession(options, CONNECT_TIMEOUT_MS);
    try {
      const found = await latestSwitch(session, node);
      if (!found) return { kind: 'none' };
      const { handle, ...run } = found;
      const url = webUiUrl(options, run.workflowId, run.runId, { MORPHEUS_UI_URL: uiUrl });
      if (run.status === 'RUNNING') return { kind: 'running', run, progress: await queryProgress(session, found), url };
      const outcome = withOutcome && ['COMPLETED', 'FAILED', 'CANCELLED'].includes(run.status) ? await outcomeOf({ handle }) : undefined;
      return { kind: 'closed', run, outcome, url };
    } finally {
      // Not awaited: the answer goes out now, and the thread ends with the command.
      void session.close();
    }
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
