import { setTimeout as sleep } from 'node:timers/promises';
import type { SwitchFailureDetails, SwitchInput, SwitchProgress } from '../contract/switch';
import type { Colors } from './render/colors';
import { ProgressRenderer } from './render/progress';
import { outcomeOf, queryProgress, type SwitchOutcome, type SwitchRun } from './switch-runs';
import type { TemporalSession } from './temporal-session';

export type WatchResult = { readonly kind: 'closed'; readonly outcome: SwitchOutcome } | { readonly kind: 'detached' };

/** Where live progress goes while a long switch runs: the one output that cannot wait for a result. */
export interface LiveOutput {
  readonly colors: Colors;
  readonly tty: boolean;
  write(text: string): void;
  out(line?: string): void;
  err(line: string): void;
}

/**
 * Follows a running switch until it closes, rendering its progress (unless `quiet`). Ctrl-C detaches:
 * the switch goes on in Temporal, and the user is told how to re-attach.
 */
export async function watchSwitch(live: LiveOutput, session: TemporalSession, run: SwitchRun, input: SwitchInput, quiet: boolean): Promise<WatchResult> {
  const renderer = new ProgressRenderer((t) => live.write(t), live.colors, live.tty);
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  process.once('SIGINT', onSigint);
  const closed = outcomeOf(run);
  let done: SwitchOutcome | undefined;
  void closed.then(
    (o) => (done = o),
    () => undefined,
  );
  try {
    let header = false;
    while (!done && !interrupt.signal.aborted) {
      const progress = await queryProgress(session, run, 2_000);
      // The header names what runs, known once the workflow has observed the host; a wake-up comes before it.
      if (progress && !quiet) {
        if (progress.plan && !header) header = printHeader(live, progress);
        renderer.update(progress);
      }
      await Promise.race([sleep(live.tty ? 150 : 400, undefined, { signal: interrupt.signal }).catch(() => undefined), closed.catch(() => undefined)]);
    }
    renderer.finish();
    if (interrupt.signal.aborted && !done) {
      live.err(`\nStopped watching; the switch goes on in the background. Re-attach with: morpheus mode watch`);
      return { kind: 'detached' };
    }
    const outcome = await closed;
    if (!quiet) {
      const last = finalProgress(outcome, run, input);
      if (!header) printHeader(live, last);
      renderer.update(last);
      renderer.finish();
      live.out();
    }
    return { kind: 'closed', outcome };
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

function printHeader(live: LiveOutput, p: SwitchProgress): boolean {
  const { action, target } = p.input;
  const from = p.from.length > 0 ? p.from.join(', ') : 'nothing running';
  live.out();
  live.out(
    action === 'switch' ? `Switching from ${from} → ${target}...` : action === 'start' ? `Starting ${target} alongside ${from}...` : `Stopping ${target}...`,
  );
  return true;
}

/** The last word on the steps, from the result or the failure's details, so no step goes unprinted. */
function finalProgress(o: SwitchOutcome, run: SwitchRun, input: SwitchInput): SwitchProgress {
  if (o.kind === 'completed') {
    return { input: o.result.input, startedAt: run.startTime.getTime(), phase: 'done', from: o.result.from, steps: [...o.result.steps] };
  }
  const d = (o.details ?? {}) as Partial<SwitchFailureDetails>;
  return {
    input,
    startedAt: run.startTime.getTime(),
    phase: o.kind === 'cancelled' ? 'cancelled' : 'failed',
    from: d.plan?.running ?? [],
    steps: [...(d.steps ?? [])],
  };
}
