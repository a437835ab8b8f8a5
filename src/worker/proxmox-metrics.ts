import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { MetricMeter } from '@temporalio/common';
import { proxmoxRequests, type ProxmoxRequestEvent } from '../proxmox/request-events';

/**
 * Counts every Proxmox exchange of this process by method and outcome (`ok` or the error's code), and
 * records its duration. Returns the function that stops counting.
 */
export function countProxmoxRequests(meter: MetricMeter): () => void {
  const requests = meter.createCounter('morpheus_proxmox_requests_total', 'requests', 'Proxmox API requests by method and outcome (ok, or the error code)');
  const duration = meter.createHistogram('morpheus_proxmox_request_duration', 'int', 'ms', 'Duration of each Proxmox API request, in milliseconds');
  const onEvent = (message: unknown) => {
    const { method, outcome, durationMs } = message as ProxmoxRequestEvent;
    requests.add(1, { method, outcome });
    duration.record(Math.round(durationMs), { method });
  };
  subscribe(proxmoxRequests.name, onEvent);
  return () => unsubscribe(proxmoxRequests.name, onEvent);
}
