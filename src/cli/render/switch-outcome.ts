import { FailureType } from '../../shared/failure-types';
import type { SwitchFailureDetails, SwitchResult } from '../../contract/switch';
import type { SwitchOutcome } from '../switch-runs';
import type { Colors } from './colors';

/** The closing block of a successful switch, start or stop, as in the seed. */
export function successLines(r: SwitchResult, gpu: string | undefined, c: Colors): string[] {
  if (r.outcome === 'noop') return [c.green(`✅ Nothing to do: ${r.reason ?? 'already done'}`)];
  if (r.outcome === 'stopped') return [c.green(`✅ ${r.input.target} stopped`)];
  const lines = [c.green(r.outcome === 'switched' ? `✅ Now in ${r.input.target} mode` : `✅ ${r.input.target} started`)];
  const n = r.network;
  if (n) lines.push(n.confirmed ? `   ${n.via === 'agent' ? 'IP' : 'Port'}: ${n.address}` : `   IP: ${c.yellow(n.reason)}`);
  lines.push(`   GPU: ${gpu ?? 'none'}`);
  return lines;
}

/** The closing block of a failed or cancelled switch: what failed, what the rollback did, and what to do. */
export function failureLines(o: Exclude<SwitchOutcome, { kind: 'completed' }>, target: string, c: Colors): string[] {
  const d = (o.details ?? {}) as Partial<SwitchFailureDetails>;
  const headline =
    o.kind === 'cancelled'
      ? c.yellow(`⊘ Switch to ${target} ${o.message}`)
      : c.red(`❌ ${o.type === FailureType.refused ? '' : `Switch to ${target} failed: `}${o.message}`);
  const lines = [headline];
  if (d.rollback) {
    lines.push(
      d.rollback.error
        ? c.red(`   Rollback failed too: ${d.rollback.error}`)
        : `   Rolled back: ${d.rollback.restored.length > 0 ? `${d.rollback.restored.join(', ')} running again` : 'nothing to restore'}`,
    );
  }
  if (d.hint) lines.push(`   Hint: ${d.hint}`);
  return lines;
}
