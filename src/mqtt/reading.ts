import { latestSwitch, outcomeOf, queryProgress, type SwitchOutcome } from '../cli/switch-runs';
import { usableAddress } from '../host/guest-address';
import { observeHost } from '../host/observe-host';
import { runningModes } from '../modes/planner';
import type { HostAccess } from './host-access';
import { currentMode, type HostReading, type ModesReading, type SwitchReading } from './host-state';

const messageOf = (err: unknown): string => (err instanceof Error ? err.message.split('\n')[0]! : String(err));

/**
 * Reads the host once: its switch from Temporal, its running modes from Proxmox, and the current
 * mode's address from its guest agent (not while a switch runs: the VM is coming or going). Each
 * source that cannot be read is reported as such, never thrown. While a switch is still running,
 * `recentModes` (an earlier Proxmox reading) is reused instead of reading the VMs again.
 */
export async function readHost(access: HostAccess, outcomes: OutcomeCache, recentModes?: ModesReading): Promise<HostReading> {
  const switchReading = await readSwitch(access, outcomes);
  const keep = switchReading.kind === 'running' ? recentModes : undefined;
  return { node: access.node, switch: switchReading, modes: keep ?? (await readModes(access, switchReading)) };
}

/** How closed runs ended, asked once per run: a closed run does not change. */
export class OutcomeCache {
  #runId: string | undefined;
  #outcome: SwitchOutcome | undefined;

  async of(runId: string, fetch: () => Promise<SwitchOutcome>): Promise<SwitchOutcome> {
    if (this.#runId !== runId || !this.#outcome) {
      this.#outcome = await fetch();
      this.#runId = runId;
    }
    return this.#outcome;
  }
}

async function readSwitch(access: HostAccess, outcomes: OutcomeCache): Promise<SwitchReading> {
  try {
    const session = await access.temporal();
    const run = await latestSwitch(session, access.node);
    if (!run) return { kind: 'none' };
    if (run.status === 'RUNNING') {
      return { kind: 'running', workflowId: run.workflowId, startedAt: run.startTime, request: run.request, progress: await queryProgress(session, run) };
    }
    const ended = run.status === 'COMPLETED' || run.status === 'FAILED' || run.status === 'CANCELLED';
    return {
      kind: 'closed',
      workflowId: run.workflowId,
      status: run.status,
      summary: run.summary,
      from: run.from,
      request: run.request,
      closedAt: run.closeTime,
      outcome: ended ? await outcomes.of(run.runId, () => outcomeOf(run)) : undefined,
    };
  } catch (err) {
    return { kind: 'unavailable', reason: `Temporal: ${messageOf(err)}` };
  }
}

async function readModes(access: HostAccess, s: SwitchReading): Promise<ModesReading> {
  try {
    const snapshot = await observeHost(access.proxmox);
    const running = runningModes(access.modes, snapshot).map((m) => m.name);
    const current = s.kind === 'running' ? null : currentMode(running, s);
    const vmid = access.modes.find((m) => m.name === current)?.vmid;
    const agent = vmid === undefined ? undefined : await access.proxmox.agentNetworkInterfaces(vmid).catch(() => undefined);
    return { kind: 'ok', running, ip: agent ? usableAddress(agent) : undefined };
  } catch (err) {
    return { kind: 'unavailable', reason: `Proxmox: ${messageOf(err)}` };
  }
}
