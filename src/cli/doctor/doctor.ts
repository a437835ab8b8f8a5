import { ConfigError, type LoadedConfig } from '../../config';
import type { Config } from '../../config/schema';
import type { CheckResult } from '../../doctor/check';
import type { DoctorFacts, ProxmoxFacts, TemporalFacts } from '../../doctor/facts';
import { doctorChecks } from '../../doctor/run-checks';

/** What `doctor` needs: the config, and readers of the facts about Proxmox and Temporal. */
export interface DoctorDeps {
  /** Throws ConfigError when the file is missing or invalid. */
  loadConfig(): LoadedConfig;
  proxmoxFacts(config: Config): Promise<ProxmoxFacts>;
  temporalFacts(config: Config): Promise<TemporalFacts>;
}

export interface DoctorReport {
  /** The host's node name, when the config could be read. */
  readonly node: string | undefined;
  readonly checks: readonly CheckResult[];
}

/** `doctor`: reads the config and what Proxmox and Temporal say (in parallel), then judges every check. */
export async function doctor(deps: DoctorDeps): Promise<DoctorReport> {
  let config: DoctorFacts['config'];
  try {
    config = { ok: true, loaded: deps.loadConfig() };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    config = { ok: false, path: err.path, problems: err.issues, hint: err.hint };
  }
  const loaded = config.ok ? config.loaded.config : undefined;
  const [proxmox, temporal] = loaded ? await Promise.all([deps.proxmoxFacts(loaded), deps.temporalFacts(loaded)]) : [undefined, undefined];
  return { node: loaded?.proxmox.node, checks: doctorChecks({ config, proxmox, temporal }) };
}
