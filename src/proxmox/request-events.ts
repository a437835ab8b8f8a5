import { channel } from 'node:diagnostics_channel';

/** One HTTP exchange with the Proxmox API (one attempt of a request), as the client saw it. */
export interface ProxmoxRequestEvent {
  readonly method: string;
  /** `ok`, or the stable code of the error the answer became (`PROXMOX_UNAVAILABLE`, `PROXMOX_AUTH`, ...). */
  readonly outcome: string;
  readonly durationMs: number;
}

/**
 * Every Proxmox exchange is published here, for whoever subscribes (the worker's metrics); publishing
 * costs nothing while nobody does. Events carry no path, host or header, so nothing secret.
 */
export const proxmoxRequests = channel('morpheus:proxmox:request');
