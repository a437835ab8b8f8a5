import type { ProxmoxClient } from '../proxmox/client';
import { coordinationActivities } from './coordination';
import { instrumentActivities } from './instrument';
import { forNodeArgOf, forSwitchOf } from './host-guard';
import { networkActivities } from './network';
import { notifyActivities, type NotifySettings } from './notify';
import { observeActivities, type WorkerSettings } from './observe';
import { powerActivities } from './power';
import { wakeActivities } from './wake';
import { WaitMemory } from './wait-memory';

export type { NotifySettings } from './notify';
export type { HostUnreachable, Observation, WorkerSettings } from './observe';
export type { WakeOutcome } from './wake';

/**
 * Every activity of the worker, bound to its Proxmox client and settings. Those that touch the host
 * act only for its switch workflow; the bookkeeping ones only for requests naming its host. The token
 * secret stays inside the client: nothing an activity takes or returns carries it.
 */
export function createActivities(client: ProxmoxClient, settings: WorkerSettings, notify: NotifySettings) {
  const memory = new WaitMemory();
  return instrumentActivities({
    ...forSwitchOf(settings.node, {
      ...observeActivities(client, settings),
      ...powerActivities(client, memory),
      ...networkActivities(client, memory),
      ...wakeActivities(client, settings),
    }),
    ...forNodeArgOf(settings.node, {
      ...coordinationActivities(),
      ...notifyActivities(notify),
    }),
  });
}

export type Activities = ReturnType<typeof createActivities>;
