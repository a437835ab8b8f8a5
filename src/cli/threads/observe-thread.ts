import type { ProxmoxConfig } from '../../config/schema';
import { proxmoxClientFromConfig } from '../../proxmox/from-config';
import { budgetedReadRetry } from '../../proxmox/read-retry';
import { observeUnlessAsleep } from '../sleeping-host';
import { answerOnce } from './answer-once';

export interface ObserveRequest {
  readonly proxmox: ProxmoxConfig;
  readonly wakeIfUnreachable: boolean;
}

// The body of the thread `observeInThread` starts: one observation of the host, with the CLI's read retries.
answerOnce(async ({ proxmox, wakeIfUnreachable }: ObserveRequest) => {
  const client = proxmoxClientFromConfig(proxmox, budgetedReadRetry());
  try {
    return await observeUnlessAsleep(client, wakeIfUnreachable);
  } finally {
    void client.close();
  }
});
