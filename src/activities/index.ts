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

/** A host a worker serves: its Proxmox client and what the switch needs from its config. */
export interface ServedHost {
  readonly client: ProxmoxClient;
  readonly settings: WorkerSettings;
}

/**
 * Every activity of the worker. Those that touch a host are one set per host, bound to its Proxmox
 * client and settings, and run with the set of the host whose switch workflow asks; the bookkeeping
 * ones run only for requests naming a host the worker serves. The token secret stays inside the client: nothing an
 * activity takes or returns carries it.
 */
export function createActivities(hosts: readonly ServedHost[], notify: NotifySettings) {
  const hostActivities = ({ client, settings }: ServedHost) => {
    const memory = new WaitMemory();
    return {
      ...observeActivities(client, settings),
      ...powerActivities(client, memory),
      ...networkActivities(client, memory),
      ...wakeActivities(client, settings),
    };
  };
  return instrumentActivities({
    ...forSwitchOf(new Map(hosts.map((h) => [h.settings.node, hostActivities(h)]))),
    ...forNodeArgOf(
      hosts.map((h) => h.settings.node),
      { ...coordinationActivities(), ...notifyActivities(notify) },
    ),
  });
}

export type Activities = ReturnType<typeof createActivities>;
