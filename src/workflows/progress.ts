import { isCancellation, setCurrentDetails } from '@temporalio/workflow';
import { failureMessage } from './failure-message';
import type { Phase, StepRecord, SwitchInput, SwitchProgress } from '../contract/switch';
import { recordStep } from './metrics';

const MARK: Record<StepRecord['status'], string> = { done: '✓', failed: '✗', cancelled: '⊘', running: '…' };

/**
 * The workflow's running account of itself, served by the `progress` query and mirrored into the Web
 * UI's current details. Times are workflow time, so they replay identically.
 */
export class Progress {
  readonly state: SwitchProgress;

  constructor(input: SwitchInput) {
    this.state = { input, startedAt: Date.now(), phase: 'observing', from: [], steps: [] };
  }

  phase(phase: Phase): void {
    this.state.phase = phase;
    this.#publish();
  }

  /** Runs one user-level step, recording its duration and outcome. */
  async step<T>(id: string, label: string, fn: (record: StepRecord) => Promise<T>): Promise<T> {
    const record: StepRecord = { id, label, status: 'running', startedAt: Date.now() };
    this.state.steps.push(record);
    this.#publish();
    try {
      const value = await fn(record);
      record.status = 'done';
      return value;
    } catch (err) {
      if (isCancellation(err)) {
        record.status = 'cancelled';
        record.detail ??= 'cancelled on request';
      } else {
        record.status = 'failed';
        record.detail ??= failureMessage(err);
      }
      throw err;
    } finally {
      record.durationMs = Date.now() - record.startedAt;
      recordStep(record.id, record.status, record.durationMs);
      this.#publish();
    }
  }

  #publish(): void {
    const lines = this.state.steps.map((s) => `- ${MARK[s.status]} ${s.label}${s.detail ? ` (${s.detail})` : ''}`);
    setCurrentDetails([`**${this.state.phase}**: ${this.state.input.action} ${this.state.input.target}`, '', ...lines].join('\n'));
  }
}
