import { describeRefusal } from '../../modes/describe';
import type { Plan, PlanStep } from '../../modes/types';
import type { Colors } from './colors';
import { formatElapsed } from './time';

/** One plan step as the dry run prints it: what, how, with which timeouts. */
export function planStepLine(s: PlanStep): string {
  const name = `${s.mode} (VM ${s.vmid})`;
  switch (s.kind) {
    case 'stop':
      return `Shut down ${name}: ACPI shutdown, wait up to ${formatElapsed(s.shutdownTimeoutMs)}, then force stop if still running; verify it stopped`;
    case 'verify-gpu-free':
      return `Verify on live state that no other VM holding the GPU runs`;
    case 'start':
      return `Start ${name}: wait up to ${formatElapsed(s.startTimeoutMs)} for Proxmox's start task and for the VM to report running`;
    case 'wait-network':
      return s.network.wait === 'tcp'
        ? `Wait up to ${formatElapsed(s.network.timeoutMs)} for ${s.network.host}:${s.network.port} to accept TCP connections`
        : s.network.wait === 'agent'
          ? `Wait up to ${formatElapsed(s.network.timeoutMs)} for the guest agent to report an IP address`
          : 'No network wait';
  }
}

/** The seed's refusal block. */
export function refusalLines(p: Extract<Plan, { kind: 'refused' }>, c: Colors): string[] {
  const { headline, reasons, advice } = describeRefusal(p);
  return [c.red(`❌ ${headline}`), ...reasons.map((r) => `   ${r}`), ...(advice ? ['', `   ${advice}`] : [])];
}

export function planLines(p: Plan, c: Colors): string[] {
  if (p.kind === 'refused') return refusalLines(p, c);
  const from = p.running.length > 0 ? p.running.join(', ') : 'nothing running';
  if (p.kind === 'noop') return [`Dry run: ${p.action} ${p.target} (now: ${from})`, `  Nothing to do: ${p.reason}.`];
  return [`Dry run: ${p.action} ${p.target} (now: ${from})`, ...p.steps.map((s, i) => `  ${i + 1}. ${planStepLine(s)}`), c.dim('Nothing was changed.')];
}
