import type { Incompatibility } from './compatibility';
import type { Plan, Refusal } from './types';

const VERB = { switch: 'switch to', start: 'start', stop: 'stop' } as const;

/** What a refused plan tells the user: a headline, the reasons, and what to do instead. */
export function describeRefusal(p: Extract<Plan, { kind: 'refused' }>): { headline: string; reasons: string[]; advice: string | undefined } {
  const headline = `Cannot ${VERB[p.action]} ${p.target}`;
  const reasons = p.refusals.map(refusalLine);
  const blocking = p.refusals.flatMap((r) => (r.kind === 'declared-conflict' || r.kind === 'incompatible' ? r.modes : []));
  const tips: string[] = [];
  if (blocking.length > 0) tips.push(`Stop ${blocking.join(' and ')} first (morpheus mode stop ${blocking[0]})`);
  const unmanaged = p.refusals.flatMap((r) => (r.kind === 'unmanaged-holder' ? [`VM ${r.vmid}`] : []));
  if (unmanaged.length > 0) tips.push(`Shut down ${unmanaged.join(' and ')} in Proxmox first (Morpheus does not manage it)`);
  if (p.refusals.some((r) => r.kind === 'declared-conflict')) tips.push('use --force to preempt it');
  if (p.alternatives.length > 0 && p.refusals.every((r) => r.kind !== 'unknown-mode')) tips.push(`use ${p.alternatives.join(' or ')} instead`);
  const advice = tips.length === 0 ? undefined : `${tips.join(', or ').replace(/^./, (c) => c.toUpperCase())}.`;
  return { headline, reasons, advice };
}

function refusalLine(r: Refusal): string {
  switch (r.kind) {
    case 'unknown-mode':
      return `unknown mode "${r.mode}"; known modes: ${r.known.join(', ')}`;
    case 'vm-missing':
      return `VM ${r.vmid} of mode ${r.mode} does not exist on this node`;
    case 'state-unknown':
      return `the state of VM ${r.vmid} (${r.name}) is unknown`;
    case 'declared-conflict':
      return `Conflicts with: ${r.declared.map((m) => (r.modes.includes(m) ? `${m} (running)` : m)).join(', ')}`;
    case 'incompatible':
      return `Conflicts with: ${r.modes.join(', ')} (${r.details.join('; ')})`;
    case 'unmanaged-holder':
      return `VM ${r.vmid} (${r.name}) is running and not managed by Morpheus: ${r.detail}`;
  }
}

/** One line for logs, failure messages and the Web UI. */
export function refusalSummary(p: Extract<Plan, { kind: 'refused' }>): string {
  const { headline, reasons, advice } = describeRefusal(p);
  return `${headline}: ${reasons.join('; ')}${advice ? `. ${advice}` : ''}`;
}

/** One reason two things may not run together, in words. */
export function describeIncompatibility(i: Incompatibility): string {
  switch (i.rule) {
    case 'gpu':
      return i.detail;
    case 'pci-device':
      return `both pass through PCI device ${i.device}`;
    case 'declared-conflict':
      return `${i.declaredBy} declares conflicts_with`;
  }
}
