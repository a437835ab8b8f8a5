import { switchSummary } from '../contract/switch-summary';
import type { Plan } from '../modes/types';
import type { SwitchInput } from '../contract/switch';
import { planStepLine } from './render/plan';
import type { StartMeta } from './switch-runs';

/**
 * What a started run shows in the Web UI, whoever starts it (CLI, Home Assistant): its summary, and
 * the plan as a runbook; without a plan (a sleeping host), that the switch wakes the host first.
 */
export function startMetaOf(node: string, p: Plan | undefined, input: SwitchInput): StartMeta {
  if (!p) return { summary: switchSummary(node, [], input), details: '**Plan**: wake the host (Wake-on-LAN), then plan on what it finds' };
  const details = p.kind === 'run' ? ['**Plan**', '', ...p.steps.map((s, i) => `${i + 1}. ${planStepLine(s)}`)].join('\n') : '';
  return { summary: switchSummary(node, p.running, input), details };
}
