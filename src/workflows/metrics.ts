import { metricMeter } from '@temporalio/workflow';
import type { Action } from '../modes/types';
import type { StepStatus } from '../contract/switch';

// Morpheus's own metrics from inside the switch workflow. They go out through the worker runtime's
// meter (Prometheus with `morpheus worker --metrics`, nowhere otherwise) and are never emitted while a
// history is replayed, so each switch and step counts once however often the worker replays it.

/** One finished switch, by what was asked and how it ended: switched, started, stopped, noop, refused, failed. */
export function countSwitch(action: Action, outcome: string): void {
  metricMeter.createCounter('morpheus_switches_total', 'switches', 'Mode switches by action and outcome').add(1, { action, outcome });
}

/** One user-level step ("stop", "gpu", "start", "network", "observe") with its duration in workflow time. */
export function recordStep(stepId: string, status: StepStatus, durationMs: number): void {
  const step = stepId.split(':')[0] ?? stepId;
  metricMeter
    .createHistogram('morpheus_switch_step_duration', 'int', 'ms', 'Duration of each switch step, in milliseconds')
    .record(durationMs, { step, status });
}
