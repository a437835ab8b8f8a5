import { switchSummary } from '../contract/switch-summary';
import type { Plan } from '../modes/plan';
import type { SwitchInput } from '../workflows/contract';
import { planStepLine } from './render/plan';
import type { StartMeta } from './switch-runs';

/** What a started run shows in the Web UI, whoever starts it (CLI, Home Assistant): its summary, and the plan as a runbook. */
export function startMetaOf(node: string, p: Plan, input: SwitchInput): StartMeta {
  const details = p.kind === 'run' ? ['**Plan**', '', ...p.steps.map((s, i) => `${i + 1}. ${planStepLine(s)}`)].join('\n') : '';
  return { summary: switchSummary(node, p.running, input), details };
}
