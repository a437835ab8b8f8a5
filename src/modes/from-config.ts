import type { Config } from '../config/schema';
import type { ModeDef } from './types';

/** The config's modes with every default resolved, in the file's order. */
export function modesFromConfig(config: Config): ModeDef[] {
  const defaults = config.switch;
  return Object.entries(config.proxmox.modes).map(([name, m]) => ({
    name,
    ...(m.aliases?.length && { aliases: m.aliases }),
    vmid: m.vmid,
    description: m.description,
    gpuMode: m.gpu_mode,
    conflictsWith: m.conflicts_with,
    shutdownTimeoutMs: m.shutdown_timeout ?? defaults.shutdown_timeout,
    startTimeoutMs: defaults.start_timeout,
    network:
      m.network.wait === 'none'
        ? { wait: 'none' }
        : m.network.wait === 'tcp'
          ? { wait: 'tcp', host: m.network.host, port: m.network.port, timeoutMs: m.network.timeout ?? defaults.network_timeout }
          : { wait: 'agent', timeoutMs: m.network.timeout ?? defaults.network_timeout },
  }));
}
