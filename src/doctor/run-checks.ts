import { modesFromConfig } from '../modes/from-config';
import { skip, type CheckResult } from './check';
import { configCheck, reachableCheck, tlsCheck, tokenCheck } from './checks-connection';
import { hostChecks } from './checks-host';
import { schedulesCheck, temporalCheck, workerCheck } from './checks-temporal';
import type { DoctorFacts } from './facts';

const PROXMOX = ['proxmox-reachable', 'tls', 'token', 'privileges', 'mode-vms', 'gpu-mode', 'shared-devices', 'guest-agent'] as const;
const TEMPORAL = ['temporal', 'worker', 'schedules'] as const;

/**
 * Every check of `morpheus doctor`, in order, judged from the gathered facts alone. A check that
 * depends on one that failed is skipped and says why, so one problem shows as one ✗.
 */
export function doctorChecks(facts: DoctorFacts): CheckResult[] {
  const config = configCheck(facts);
  if (!facts.config.ok) return [config, ...[...PROXMOX, ...TEMPORAL].map((id) => skip(id, 'needs a valid config'))];
  const loaded = facts.config.loaded.config;
  const modes = modesFromConfig(loaded);
  const results: CheckResult[] = [config];
  const p = facts.proxmox;
  if (!p) results.push(...PROXMOX.map((id) => skip(id, 'not asked')));
  else {
    const reachable = reachableCheck(p, loaded);
    const tls = tlsCheck(p, loaded);
    const tlsOk = tls.status === 'ok' || tls.status === 'warn';
    results.push(reachable, tls, tokenCheck(p, loaded, tlsOk), ...hostChecks(loaded, modes, p.host));
  }
  const t = facts.temporal;
  if (!t) results.push(...TEMPORAL.map((id) => skip(id, 'not asked')));
  else results.push(temporalCheck(t), workerCheck(t), schedulesCheck(t, loaded, modes));
  return results;
}
