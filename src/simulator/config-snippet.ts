import type { RunningSimulator } from './server';

export interface SnippetOptions {
  readonly host: string;
  readonly port: number;
  readonly node: string;
  readonly tokenId: string;
  readonly fingerprint: string;
  /** Extra top-level YAML sections (switch:, temporal:) appended verbatim. */
  readonly extra?: string;
  /** Per-mode YAML lines appended to every mode (e.g. a shorter shutdown_timeout). */
  readonly modeExtra?: string;
}

/** What a config needs to reach a running simulator: its address, node and certificate, and its first token's id. */
export type SimulatorEndpoint = Pick<SnippetOptions, 'host' | 'port' | 'node' | 'tokenId' | 'fingerprint'>;

export function endpointOf(sim: Pick<RunningSimulator, 'host' | 'port' | 'node' | 'fingerprint' | 'tokens'>): SimulatorEndpoint {
  return { host: sim.host, port: sim.port, node: sim.node, tokenId: sim.tokens[0]!.id, fingerprint: sim.fingerprint };
}

/** The seed's four modes, as they map onto the default simulator scenario (VMs 101-104). */
const SEED_MODES = [
  { name: 'linuxvrstreaming', vmid: 101, description: 'Linux VR streaming (CachyOS + WiVRN)', gpu: 'exclusive' },
  { name: 'windowsvrstreaming', vmid: 102, description: 'Windows VR streaming', gpu: 'exclusive' },
  { name: 'nimsforestnogpu', vmid: 103, description: 'NimsForest distributed compute (no GPU)', gpu: 'none' },
  { name: 'nimsforestsharedgpu', vmid: 104, description: 'NimsForest with GPU compute', gpu: 'shared', conflicts: ['linuxvrstreaming', 'windowsvrstreaming'] },
];

/**
 * A Morpheus config that points at a simulator: the seed's format, with the certificate pinned by
 * fingerprint and the secret read from $PROXMOX_API_TOKEN (never written into the file).
 */
export function simulatorConfigYaml(o: SnippetOptions): string {
  return ['proxmox:', ...hostLines(o, '  ', { node: o.node, secretVar: 'PROXMOX_API_TOKEN' }), ...(o.extra ? [o.extra.trimEnd()] : []), ''].join('\n');
}

export type HostSnippetOptions = Omit<SnippetOptions, 'extra'> & {
  /** The environment variable that holds this host's token secret. */
  readonly secretVar: string;
};

/** A config with a `hosts:` section naming several simulators, each with the seed's modes. */
export function simulatorHostsConfigYaml(hosts: readonly HostSnippetOptions[], extra?: string): string {
  return [
    'hosts:',
    ...hosts.flatMap((h) => [`  ${h.node}:`, ...hostLines(h, '    ', { secretVar: h.secretVar })]),
    ...(extra ? [extra.trimEnd()] : []),
    '',
  ].join('\n');
}

/** The lines of one host's section at `indent`; `node` is written only in the single-host form. */
function hostLines(o: Omit<SnippetOptions, 'extra' | 'node'>, indent: string, { node, secretVar }: { node?: string; secretVar: string }): string[] {
  const modes = SEED_MODES.flatMap((m) => [
    `  ${m.name}:`,
    `    vmid: ${m.vmid}`,
    `    description: "${m.description}"`,
    `    gpu_mode: ${m.gpu}`,
    ...(m.conflicts ? ['    conflicts_with:', ...m.conflicts.map((c) => `      - ${c}`)] : []),
    ...(o.modeExtra ? o.modeExtra.split('\n').map((l) => `    ${l}`) : []),
  ]);
  return [
    `host: "${o.host}"`,
    `port: ${o.port}`,
    ...(node === undefined ? [] : [`node: "${node}"`]),
    `api_token_id: "${o.tokenId}"`,
    `api_token_secret: "\${${secretVar}}"`,
    `fingerprint: "${o.fingerprint}"`,
    'modes:',
    ...modes,
  ].map((line) => indent + line);
}
