import { startMetaOf } from '../cli/switch-meta';
import { cancelRunning, latestSwitch, queryProgress, startSwitch, workerIsPolling, type SwitchRun } from '../cli/switch-runs';
import type { TemporalSession } from '../cli/temporal-session';
import { observeHost } from '../host/observe-host';
import { plan } from '../modes/planner';
import type { SwitchInput } from '../contract/switch';
import type { HostAccess } from './host-access';
import { stepOf } from './host-state';
import { cancelReply, errorReply, modeOfCommand, noWorkerReply, refusedReply, startedReply, whileRunning, type Reply } from './replies';

// The bridge's answers to Home Assistant's commands, through the same path as `mode switch`: the
// host's one workflow id, the planner's pre-check on live state, the worker check. Nothing here
// waits for a switch to end; the state the bridge publishes shows how it goes.

/** A choice in the "Boot mode" select: switch the host to that mode. */
export async function requestMode(access: HostAccess, payload: string): Promise<Reply> {
  const named = modeOfCommand(payload, access.modes);
  if ('reply' in named) return named.reply;
  const input: SwitchInput = { action: 'switch', target: named.mode, force: false, requestedBy: access.requestedBy };
  try {
    const session = await access.temporal();
    const current = await latestSwitch(session, access.node);
    if (current?.status === 'RUNNING') return await busyOrAttached(session, current, input.target);
    const p = plan(access.modes, await observeHost(access.proxmox), input);
    if (p.kind === 'refused') return refusedReply(p);
    if (!(await workerIsPolling(session))) return noWorkerReply(access.node, session.options.taskQueue);
    const started = await startSwitch(session, access.node, input, startMetaOf(access.node, p, input));
    // Another requester won the race to the host's workflow id between the check and the start.
    if ('busy' in started) return await busyOrAttached(session, started.busy, input.target);
    return startedReply(p, input.target);
  } catch (err) {
    return errorReply(err);
  }
}

/** The "Cancel switch" button. */
export async function requestCancel(access: HostAccess): Promise<Reply> {
  try {
    return cancelReply(await cancelRunning(await access.temporal(), access.node));
  } catch (err) {
    return errorReply(err);
  }
}

/** The "Wake host" button. */
export async function requestWake(access: HostAccess): Promise<Reply> {
  if (!access.wake) return { outcome: 'error', text: 'this host has no Wake-on-LAN settings (proxmox.wol)' };
  try {
    return { outcome: 'wake-sent', text: await access.wake() };
  } catch (err) {
    return errorReply(err);
  }
}

async function busyOrAttached(session: TemporalSession, run: SwitchRun, target: string): Promise<Reply> {
  const progress = await queryProgress(session, run);
  const request = progress?.input ?? run.request;
  return whileRunning(target, { request, summary: run.summary, workflowId: run.workflowId, step: stepOf(progress).text });
}
