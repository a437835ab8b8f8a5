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
 * Every activity of the worker, one set per host bound to its Proxmox client and settings, and run
 * with the set of the host that asks. Those that touch a host act only for its switch workflow; the
 * bookkeeping ones only for requests naming it. The token secret stays inside the client: nothing an
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
  const bookkeeping = () => ({ ...coordinationActivities(), ...notifyActivities(notify) });
  return instrumentActivities({
    ...forSwitchOf(new Map(hosts.map((h) => [h.settings.node, hostActivities(h)]))),
    ...forNodeArgOf(new Map(hosts.map((h) => [h.settings.node, bookkeeping()]))),
  });
}

export type Activities = ReturnType<typeof createActivities>;
