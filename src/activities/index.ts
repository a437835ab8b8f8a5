import type { ProxmoxClient } from '../proxmox/client';
import { instrumentActivities } from './failures';
import { forHost } from './host-guard';
import { networkActivities } from './network';
import { observeActivities, type WorkerSettings } from './observe';
import { powerActivities } from './power';

export type { NetworkOutcome } from './network';
export type { Observation, WorkerSettings } from './observe';

/**
 * Every activity of a switch, bound to the worker's Proxmox client and settings. The token secret stays
 * inside the client: nothing an activity takes or returns carries it.
 */
export function createActivities(client: ProxmoxClient, settings: WorkerSettings) {
  return instrumentActivities(
    forHost(settings.node, {
      ...observeActivities(client, settings),
      ...powerActivities(client),
      ...networkActivities(client),
    }),
  );
}

export type Activities = ReturnType<typeof createActivities>;
