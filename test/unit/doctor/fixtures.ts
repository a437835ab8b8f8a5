import { parseConfigText } from '../../../src/config';
import type { CheckResult, CheckStatus } from '../../../src/doctor/check';
import type { DoctorFacts, HostFacts, ProxmoxFacts, TemporalFacts, VmFacts } from '../../../src/doctor/facts';
import { requiredPaths, requiredPrivileges } from '../../../src/doctor/privileges';
import { doctorChecks } from '../../../src/doctor/run-checks';
import { modesFromConfig } from '../../../src/modes/from-config';
import { DEFAULT_SCENARIO } from '../../../src/simulator/default-scenario';
import { simulatorConfigYaml } from '../../../src/simulator/config-snippet';

export const FINGERPRINT = Array.from({ length: 32 }, (_, i) => (i * 7 + 16).toString(16).toUpperCase().padStart(2, '0')).join(':');
export const TOKEN_ID = 'morpheus@pam!morpheus-token';

/** The seed's config for host pve, pinned; `extra` is appended (e.g. a temporal: or schedules: section). */
export function configText(o: { extra?: string; fingerprint?: string | null; modeExtra?: string } = {}): string {
  const text = simulatorConfigYaml({
    host: '192.168.1.100',
    port: 8006,
    node: 'pve',
    tokenId: TOKEN_ID,
    fingerprint: o.fingerprint ?? FINGERPRINT,
    ...(o.modeExtra && { modeExtra: o.modeExtra }),
    ...(o.extra && { extra: o.extra }),
  });
  return o.fingerprint === null ? text.replace(/^ {2}fingerprint: .*\n/m, '') : text;
}

export function loaded(text = configText()) {
  return {
    ...parseConfigText(text, { source: '/home/me/.morpheus/config.yaml', env: { PROXMOX_API_TOKEN: 'secret' } }),
    path: '/home/me/.morpheus/config.yaml',
  };
}

/** The default simulator scenario's VMs as doctor reads them, without the unmanaged GPU holder 105. */
export function scenarioVms(): VmFacts[] {
  return DEFAULT_SCENARIO.vms!.filter((v) => v.vmid !== 105).map((v) => ({
    vmid: v.vmid,
    name: v.name,
    status: v.status === 'running' ? 'running' : 'stopped',
    config: { ...(v.config as Record<string, string | number>) },
    haManaged: false,
  }));
}

const ALL_PRIVILEGES = ['VM.Audit', 'VM.PowerMgmt', 'VM.GuestAgent.Audit', 'Sys.Audit', 'Mapping.Audit'];

/** Every path Morpheus needs for the seed modes, each with `privileges`. */
export function permissionsFor(privileges: readonly string[] = ALL_PRIVILEGES, release = '9.0'): Record<string, string[]> {
  const modes = modesFromConfig(loaded().config);
  const paths = requiredPaths(requiredPrivileges({ node: 'pve', release, modes, mappings: [], haVmids: [] }));
  return Object.fromEntries(paths.map((p) => [p, [...privileges]]));
}

export function hostFacts(o: Partial<HostFacts> = {}): HostFacts {
  return {
    node: 'pve',
    version: { version: '9.0.3', release: '9.0', repoid: '025864202ebb6109' },
    permissions: { ok: true, value: permissionsFor() },
    vms: { ok: true, value: scenarioVms() },
    pciDevices: { ok: true, value: [...DEFAULT_SCENARIO.pci_devices!] },
    pciMappings: undefined,
    agents: { 101: { kind: 'ok', address: '192.168.1.150' } },
    ...o,
  };
}

export function proxmoxFacts(o: Partial<ProxmoxFacts> = {}): ProxmoxFacts {
  const host = o.host === undefined && !('host' in o) ? hostFacts() : o.host;
  return {
    address: '192.168.1.100:8006',
    tcp: { answer: 'open' },
    certificate: {
      fingerprint: FINGERPRINT,
      subject: 'CN=pve.lan',
      issuer: 'CN=Proxmox Virtual Environment, O=PVE Cluster Manager CA',
      validTo: '2027-06-01',
      altNames: ['127.0.0.1', 'pve', 'pve.lan'],
    },
    version: { ok: true, value: { version: '9.0.3', release: '9.0', repoid: '025864202ebb6109' } },
    ...o,
    host,
  };
}

export function temporalFacts(o: Partial<TemporalFacts> = {}): TemporalFacts {
  return {
    address: 'localhost:7233',
    namespace: 'default',
    taskQueue: 'morpheus-pve',
    connected: { ok: true, value: true },
    searchAttributes: {
      ok: true,
      value: { MorpheusHost: 'Keyword', MorpheusFromMode: 'Keyword', MorpheusToMode: 'Keyword', MorpheusOutcome: 'Keyword', MorpheusRequestedBy: 'Keyword' },
    },
    workerPolling: { ok: true, value: true },
    schedules: { ok: true, value: [] },
    unsynced: [],
    ...o,
  };
}

/** A healthy setup, with some parts replaced. */
export function facts(
  o: { config?: DoctorFacts['config']; proxmox?: Partial<ProxmoxFacts>; host?: Partial<HostFacts>; temporal?: Partial<TemporalFacts>; text?: string } = {},
): DoctorFacts {
  return {
    config: o.config ?? { ok: true, loaded: loaded(o.text) },
    proxmox: proxmoxFacts({ ...(o.host && { host: hostFacts(o.host) }), ...o.proxmox }),
    temporal: temporalFacts(o.temporal),
  };
}

export const check = (results: readonly CheckResult[], id: CheckResult['id']): CheckResult => results.find((r) => r.id === id)!;

/** The ids of the checks with this status. */
export const withStatus = (results: readonly CheckResult[], status: CheckStatus): string[] => results.filter((r) => r.status === status).map((r) => r.id);

export const run = doctorChecks;
