import { agentEnabled } from '../proxmox/agent-property';
import type { ProposedMode } from './propose';

/** How the written config trusts the host's certificate. */
export type TlsChoice = { readonly kind: 'pin'; readonly fingerprint: string } | { readonly kind: 'ca'; readonly file: string } | { readonly kind: 'system' };

export interface InitSettings {
  readonly host: string;
  readonly port: number;
  readonly node: string;
  readonly tokenId: string;
  /** The environment variable holding the secret: the file gets `${NAME}`, never the value. */
  readonly secretEnv: string;
  readonly tls: TlsChoice;
  readonly release: string;
  readonly at: Date;
}

const quoted = (s: string): string => JSON.stringify(s);
// Comments hold names read from the host: one line each, whatever they contain.
const comment = (s: string): string => `# ${s.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ')}`;

function modeLines(m: ProposedMode): string[] {
  return [
    `    ${m.name}:`,
    `      vmid: ${m.vm.vmid}`,
    `      description: ${quoted(m.guess.gpu ? `${m.vm.name} (${m.guess.gpu})` : m.vm.name)}`,
    `      gpu_mode: ${m.guess.gpuMode}  ${comment(m.guess.reason)}`,
    ...(m.guess.unclear ? [`      ${comment(`CHECK: unclear from the VM config; set exclusive, shared or none (docs/configuration.md)`)}`] : []),
    ...(m.conflictsWith.length > 0
      ? [
          `      conflicts_with: [${m.conflictsWith.join(', ')}]  ${comment('shares their GPU: a switch to this mode is refused while they run, unless --force')}`,
        ]
      : []),
    ...(agentEnabled(m.vm.config['agent'])
      ? []
      : [
          `      network: { wait: none }  ${comment(`no guest agent enabled in VM ${m.vm.vmid}: enable it (qm set ${m.vm.vmid} --agent enabled=1) or wait for a port: { wait: tcp, host: …, port: … }`)}`,
        ]),
  ];
}

function tlsLines(tls: TlsChoice): string[] {
  if (tls.kind === 'pin')
    return [`  fingerprint: ${quoted(tls.fingerprint)}  ${comment('pinned by config init; `pvenode cert info` on the host shows the same')}`];
  if (tls.kind === 'ca') return [`  ca_file: ${quoted(tls.file)}`];
  return [`  ${comment('the certificate is signed by a CA this machine trusts: nothing to pin')}`];
}

/** The config `config init` writes: the seed's format, commented, with the secret only as `${NAME}`. */
export function renderConfig(s: InitSettings, modes: readonly ProposedMode[]): string {
  return [
    comment(`Written by \`morpheus config init\` on ${s.at.toISOString().slice(0, 10)} from node ${s.node} (Proxmox VE ${s.release}).`),
    comment('Check it, then run `morpheus doctor`. Every key: docs/configuration.md.'),
    '',
    'proxmox:',
    `  host: ${quoted(s.host)}`,
    `  port: ${s.port}`,
    `  node: ${quoted(s.node)}`,
    `  api_token_id: ${quoted(s.tokenId)}`,
    `  api_token_secret: "\${${s.secretEnv}}"  ${comment(`read from $${s.secretEnv} when Morpheus runs; never written here`)}`,
    ...tlsLines(s.tls),
    '  modes:',
    ...modes.flatMap(modeLines),
    '',
    comment('Temporal: localhost:7233 and task queue morpheus-<node> unless set (temporal: { address: … }).'),
    '',
  ].join('\n');
}
