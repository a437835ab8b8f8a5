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
  const modes = SEED_MODES.map((m) =>
    [
      `    ${m.name}:`,
      `      vmid: ${m.vmid}`,
      `      description: "${m.description}"`,
      `      gpu_mode: ${m.gpu}`,
      ...(m.conflicts ? ['      conflicts_with:', ...m.conflicts.map((c) => `        - ${c}`)] : []),
      ...(o.modeExtra ? o.modeExtra.split('\n').map((l) => `      ${l}`) : []),
    ].join('\n'),
  );
  return [
    'proxmox:',
    `  host: "${o.host}"`,
    `  port: ${o.port}`,
    `  node: "${o.node}"`,
    `  api_token_id: "${o.tokenId}"`,
    '  api_token_secret: "${PROXMOX_API_TOKEN}"',
    `  fingerprint: "${o.fingerprint}"`,
    '  modes:',
    ...modes,
    ...(o.extra ? [o.extra.trimEnd()] : []),
    '',
  ].join('\n');
}
