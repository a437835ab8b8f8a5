import { loadConfig } from '../../config';
import type { Config } from '../../config/schema';
import { gatherProxmox } from '../../doctor/gather-proxmox';
import { gatherTemporal } from '../../doctor/gather-temporal';
import type { ProxmoxClient } from '../../proxmox/client';
import { proxmoxClientFromConfig } from '../../proxmox/from-config';
import { budgetedReadRetry } from '../../proxmox/read-retry';
import { temporalConnectionOptions } from '../../temporal/connection-options';
import type { CliContext } from '../context';
import { connectTemporal, type TemporalSession } from '../temporal-session';
import type { DoctorDeps } from './doctor';

/**
 * Doctor's deps for a CLI run: the config loaded here (not through the context, whose loader would
 * throw), its own Proxmox client and Temporal connection, closed by `close()`.
 */
export function doctorDeps(ctx: CliContext): DoctorDeps & { close(): Promise<void> } {
  let proxmox: ProxmoxClient | undefined;
  let temporal: Promise<TemporalSession> | undefined;
  return {
    loadConfig: () => loadConfig({ path: ctx.options.config, env: ctx.io.env }),
    proxmoxFacts: (config: Config) => {
      proxmox = proxmoxClientFromConfig(config.proxmox, budgetedReadRetry());
      return gatherProxmox(config, proxmox);
    },
    temporalFacts: (config: Config) =>
      gatherTemporal(config, () => {
        temporal = connectTemporal(temporalConnectionOptions(config.temporal), 3_000);
        return temporal;
      }),
    async close() {
      await proxmox?.close();
      await (await temporal?.catch(() => undefined))?.close();
    },
  };
}
