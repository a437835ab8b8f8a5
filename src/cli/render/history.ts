import { ExitCode } from '../../errors';
import type { HistoryEntry } from '../commands/mode-history';
import type { View } from '../output';
import type { Colors } from './colors';
import { table } from './table';
import { formatElapsed } from './time';

type History = { node: string; entries: HistoryEntry[]; webUi: (e: HistoryEntry) => string | undefined };

const when = (d: Date): string => {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

function transition(e: HistoryEntry): string {
  const to = e.to ?? '?';
  if (e.action === 'start') return `start ${to}`;
  if (e.action === 'stop') return `stop ${to}`;
  return `${e.from === undefined ? '?' : e.from.join(', ') || 'none'} → ${to}`;
}

function outcomeText(e: HistoryEntry, c: Colors): string {
  const rolledBack = e.memo.rollback && !e.memo.rollback.error ? ', rolled back' : e.memo.rollback?.error ? ', rollback failed' : '';
  const text = `${e.outcome}${rolledBack}`;
  return e.outcome === 'failed' || e.outcome === 'refused' ? c.red(text) : e.outcome === 'skipped' || e.outcome === 'cancelled' ? c.yellow(text) : text;
}

/** What a run leaves to say under its row: forced stops, a rollback, why it was skipped. */
function notes(e: HistoryEntry): string[] {
  return [
    ...(e.memo.forcedStops?.length ? [`forced stop: ${e.memo.forcedStops.join(', ')} ignored the ACPI shutdown`] : []),
    ...(e.memo.rollback
      ? [e.memo.rollback.error ? `rollback failed: ${e.memo.rollback.error}` : `rolled back: ${e.memo.rollback.restored.join(', ') || 'nothing to restore'}`]
      : []),
    ...(e.memo.reason ? [e.memo.reason] : []),
  ];
}

export const historyView: View<History> = {
  text: ({ node, entries, webUi }, c) => {
    if (entries.length === 0) return [`No switches recorded on ${node} (Temporal keeps closed runs for its namespace's retention).`];
    const lines = table(
      ['WHEN', 'FROM → TO', 'REQUESTED BY', 'OUTCOME', 'TOOK'],
      entries.map((e) => [
        when(e.startedAt),
        transition(e),
        e.requestedBy ?? '?',
        outcomeText(e, c),
        e.closedAt ? formatElapsed(e.closedAt.getTime() - e.startedAt.getTime()) : '…',
      ]),
    );
    const details = entries.flatMap((e) => {
      const extra = notes(e);
      const url = webUi(e);
      return extra.length > 0 || url ? [`${when(e.startedAt)} ${transition(e)}:`, ...extra.map((n) => `  ${n}`), ...(url ? [c.dim(`  ${url}`)] : [])] : [];
    });
    return details.length > 0 ? [...lines, '', ...details] : lines;
  },
  json: ({ node, entries, webUi }) => ({
    node,
    switches: entries.map((e) => ({
      workflow_id: e.workflowId,
      run_id: e.runId,
      started_at: e.startedAt.toISOString(),
      closed_at: e.closedAt?.toISOString() ?? null,
      duration_ms: e.closedAt ? e.closedAt.getTime() - e.startedAt.getTime() : null,
      action: e.action ?? null,
      from: e.from ?? null,
      to: e.to ?? null,
      requested_by: e.requestedBy ?? null,
      outcome: e.outcome,
      forced_stops: e.memo.forcedStops ?? [],
      rollback: e.memo.rollback ?? null,
      reason: e.memo.reason ?? null,
      web_ui: webUi(e) ?? null,
    })),
  }),
  exitCode: () => ExitCode.ok,
};
