import { observeHost } from '../host/observe-host';
import { isNoAnswer } from '../host/wake-on-lan';
import type { HostSnapshot } from '../modes/types';
import type { ProxmoxClient } from '../proxmox/client';

/**
 * The host as a switch's pre-check sees it, or 'asleep' when it does not answer at all and the config
 * lets the switch wake it (proxmox.wol.wake_if_unreachable): then the workflow wakes it and plans.
 */
export async function observeUnlessAsleep(client: ProxmoxClient, wakeIfUnreachable: boolean): Promise<HostSnapshot | 'asleep'> {
  try {
    return await observeHost(client);
  } catch (err) {
    if (wakeIfUnreachable && isNoAnswer(err)) return 'asleep';
    throw err;
  }
}
