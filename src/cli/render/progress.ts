import type { StepRecord, SwitchProgress } from '../../contract/switch';
import type { Colors } from './colors';
import { formatElapsed } from './time';

// Observing is bookkeeping; the seed's output starts with the first real step.
const HIDDEN_STEPS = new Set(['observe']);
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function stepLine(step: StepRecord, c: Colors): string {
  const mark = step.status === 'done' ? c.green('✓') : step.status === 'cancelled' ? c.yellow('⊘') : c.red('✗');
  const detail = step.detail ? ` ${c.dim(`— ${step.detail}`)}` : '';
  return `  ${step.label}... ${mark} (${formatElapsed(step.durationMs ?? 0)})${detail}`;
}

/**
 * Renders a switch's progress as it arrives from the `progress` query: each finished step once, with
 * its time; on a terminal, the step in flight on a live line with a spinner and its running time.
 */
export class ProgressRenderer {
  #printed = new Set<string>();
  #live = false;
  #frame = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly c: Colors,
    private readonly tty: boolean,
  ) {}

  update(p: SwitchProgress, now: number = Date.now()): void {
    this.#clearLive();
    for (const step of p.steps) {
      if (HIDDEN_STEPS.has(step.id) || step.status === 'running' || this.#printed.has(`${step.id}:${step.startedAt}`)) continue;
      this.#printed.add(`${step.id}:${step.startedAt}`);
      this.write(`${stepLine(step, this.c)}\n`);
    }
    const running = p.steps.find((s) => s.status === 'running' && !HIDDEN_STEPS.has(s.id));
    if (running && this.tty) {
      const spin = SPINNER[this.#frame++ % SPINNER.length]!;
      this.write(`  ${running.label}... ${this.c.cyan(spin)} ${this.c.dim(formatElapsed(Math.max(0, now - running.startedAt)))}`);
      this.#live = true;
    }
  }

  /** Ends the live line so other output starts on a fresh one. */
  finish(): void {
    this.#clearLive();
  }

  #clearLive(): void {
    if (this.#live) this.write('\r\u001b[2K');
    this.#live = false;
  }
}
