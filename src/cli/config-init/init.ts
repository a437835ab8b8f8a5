import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseConfigText } from '../../config';
import { resolveConfigPath } from '../../config/load';
import { API_TOKEN_ID, MODE_NAME, GPU_MODES, type GpuMode } from '../../config/schema';
import { guessGpuMode, proposeModes, type GpuGuess, type ProposedMode, type VmCandidate } from '../../config-init/propose';
import { renderConfig, type TlsChoice } from '../../config-init/render-config';
import { peerCertificate } from '../../doctor/tls-probe';
import { mappedDevicesOn } from '../../host/observe-host';
import { UsageError } from '../../errors';
import { ProxmoxClient } from '../../proxmox/client';
import { ProxmoxPermissionError, ProxmoxTlsError } from '../../proxmox/errors';
import { passthroughsOf } from '../../proxmox/hostpci';
import { budgetedReadRetry } from '../../proxmox/read-retry';
import type { TlsPolicy } from '../../proxmox/tls';

/** Asks one question on the terminal; the answer, or `fallback` for an empty one. */
export type Ask = (question: string, fallback: string) => Promise<string>;

/** What `config init` needs from its surroundings. */
export interface ConfigInitDeps {
  readonly env: NodeJS.ProcessEnv;
  /** Undefined without a terminal (or with --yes): then flags and defaults decide. */
  readonly ask: Ask | undefined;
  /** Information while it works (the certificate, the VMs), for a person; not the result. */
  readonly say: (line: string) => void;
  /** The global --config flag: where to write by default. */
  readonly configFlag: string | undefined;
  readonly homedir: string;
  readonly now: () => Date;
}

export interface ConfigInitOptions {
  readonly host?: string | undefined;
  readonly port: number;
  readonly node?: string | undefined;
  readonly tokenId?: string | undefined;
  readonly secretEnv: string;
  /** "101,102,103" or "all". */
  readonly modes?: string | undefined;
  readonly fingerprint?: string | undefined;
  readonly caFile?: string | undefined;
  readonly yes?: boolean | undefined;
  readonly force?: boolean | undefined;
  readonly print?: boolean | undefined;
  readonly output?: string | undefined;
}

export interface ConfigInitResult {
  /** Where it was written; undefined with --print. */
  readonly path: string | undefined;
  readonly yaml: string;
  readonly node: string;
  readonly tls: TlsChoice;
  readonly modes: readonly ProposedMode[];
  readonly secretEnv: string;
}

const required = (value: string | undefined, what: string, flag: string, env: string): string => {
  if (value) return value;
  throw new UsageError(`config init needs ${what}: give ${flag} or set ${env}`, { hint: 'morpheus config init --help shows an example' });
};

/**
 * `config init`: reads the host's VMs with the given token and writes a starting config: one mode
 * per chosen VM, gpu_mode from its passthrough (unclear ones asked, or flagged), conflicts_with
 * where a shared mode meets exclusive ones on one GPU, the certificate pinned (after showing it) or
 * its CA. Asks on a terminal; scripts pass --modes and --yes. The secret stays in the environment.
 */
export async function configInit(deps: ConfigInitDeps, o: ConfigInitOptions): Promise<ConfigInitResult> {
  const host = required(o.host ?? deps.env['PROXMOX_HOST'], "the host's address", '--host', 'PROXMOX_HOST');
  const tokenId = required(o.tokenId ?? deps.env['PROXMOX_API_TOKEN_ID'], 'the API token id', '--token-id', 'PROXMOX_API_TOKEN_ID');
  if (!API_TOKEN_ID.test(tokenId)) throw new UsageError(`invalid token id "${tokenId}": expected USER@REALM!TOKENID, e.g. morpheus@pve!morpheus`);
  const secret = deps.env[o.secretEnv];
  if (!secret) {
    throw new UsageError(`$${o.secretEnv} is not set: config init reads the token's secret from the environment and writes only \${${o.secretEnv}} into the file`, {
      hint: `export ${o.secretEnv}=<the secret Proxmox showed when it created the token>`,
    });
  }
  const path = o.print ? undefined : (o.output ? resolve(o.output) : resolveConfigPath({ flag: deps.configFlag, env: deps.env, homedir: deps.homedir }).path);
  if (path && existsSync(path) && !o.force) throw new UsageError(`${path} exists already`, { hint: 'pick another file with --output, print instead with --print, or replace it with --force' });
  if (path && !deps.ask && !o.yes) throw new UsageError('not on a terminal: config init would have to ask; give --modes and --yes (or --print to write nothing)');

  const connect = (tls: TlsPolicy, node = 'localhost') => new ProxmoxClient({ host, port: o.port, node, tokenId, tokenSecret: secret, tls, requestTimeoutMs: 15_000, readRetry: budgetedReadRetry() });
  const { policy, choice } = await chooseTls(deps, o, host, connect);
  const node = await chooseNode(deps, o, connect(policy));
  const client = connect(policy, node);
  try {
    const version = await client.version();
    const { vms, guesses } = await readHost(client, node);
    const chosen = await chooseVms(deps, o, vms, guesses);
    const names = await chooseNames(deps, chosen, guesses);
    const modes = proposeModes(chosen, (vm) => guesses.get(vm.vmid)!, names);
    const yaml = renderConfig({ host, port: o.port, node, tokenId, secretEnv: o.secretEnv, tls: choice, release: version.release, at: deps.now() }, modes);
    // The file must load as it is written; a failure here is a bug in config init, not the user's.
    parseConfigText(yaml, { source: path ?? 'config init', env: { [o.secretEnv]: secret }, ...(path && { baseDir: dirname(path) }) });
    if (path && deps.ask && !o.yes && !/^y/i.test(await deps.ask(`Write this config (${modes.length} modes) to ${path}? [Y/n]`, 'y'))) {
      throw new UsageError('nothing written', { hint: 'run it again, or use --print to see the config without writing it' });
    }
    if (path) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, yaml, { mode: 0o600 });
    }
    return { path, yaml, node, tls: choice, modes, secretEnv: o.secretEnv };
  } finally {
    await client.close();
  }
}

/** The TLS policy to read the host with, and what the config will say: the CA given, a pin, or nothing to pin. */
async function chooseTls(deps: ConfigInitDeps, o: ConfigInitOptions, host: string, connect: (tls: TlsPolicy) => ProxmoxClient): Promise<{ policy: TlsPolicy; choice: TlsChoice }> {
  if (o.caFile) return { policy: { verify: true, ca: readFileSync(o.caFile) }, choice: { kind: 'ca', file: resolve(o.caFile) } };
  if (o.fingerprint) {
    const fingerprint = o.fingerprint.trim().toUpperCase();
    return { policy: { verify: true, fingerprint }, choice: { kind: 'pin', fingerprint } };
  }
  const probe = connect({ verify: true });
  try {
    await probe.version();
    return { policy: { verify: true }, choice: { kind: 'system' } };
  } catch (err) {
    if (!(err instanceof ProxmoxTlsError)) throw err;
  } finally {
    await probe.close();
  }
  const cert = await peerCertificate(host, o.port, 5_000);
  if (!cert) throw new UsageError(`${host}:${o.port} did not complete a TLS handshake`, { hint: 'check --host and --port (the Proxmox API listens on 8006)' });
  deps.say(`The certificate of ${host}:${o.port} is not signed by a CA this machine trusts (as usual for Proxmox):`);
  deps.say(`  ${cert.subject}, issued by ${cert.issuer}, valid until ${cert.validTo}`);
  deps.say(`  SHA-256 fingerprint: ${cert.fingerprint}`);
  deps.say('  Compare it with `pvenode cert info` on the host (or Node → System → Certificates) before you trust it.');
  const pin = { policy: { verify: true, fingerprint: cert.fingerprint }, choice: { kind: 'pin', fingerprint: cert.fingerprint } as const };
  if (o.yes) return pin;
  if (deps.ask && /^y/i.test(await deps.ask('Pin this certificate in the config? [y/N]', 'n'))) return pin;
  throw new UsageError('the certificate was not pinned, so nothing was read or written', {
    hint: `run again with --fingerprint ${cert.fingerprint} once you have checked it on the host (or --yes to pin what it presents), or --ca-file with a copy of /etc/pve/pve-root-ca.pem`,
  });
}

/** --node, the only node there is, or the one the user picks. */
async function chooseNode(deps: ConfigInitDeps, o: ConfigInitOptions, client: ProxmoxClient): Promise<string> {
  try {
    const nodes = (await client.nodes()).map((n) => n.node);
    if (o.node) {
      if (!nodes.includes(o.node)) throw new UsageError(`no node "${o.node}" at this host`, { hint: `its nodes: ${nodes.join(', ')}` });
      return o.node;
    }
    if (nodes.length === 1) return nodes[0]!;
    if (!deps.ask) throw new UsageError(`the cluster has several nodes: ${nodes.join(', ')}`, { hint: 'give --node <name> (the node whose VMs become modes)' });
    const answer = await deps.ask(`Which node's VMs become modes? (${nodes.join(', ')}) [${nodes[0]}]`, nodes[0]!);
    if (!nodes.includes(answer)) throw new UsageError(`no node "${answer}"`, { hint: `its nodes: ${nodes.join(', ')}` });
    return answer;
  } finally {
    await client.close();
  }
}

/** The node's VMs (templates aside) and a gpu_mode guess for each, from their configs and the PCI list. */
async function readHost(client: ProxmoxClient, node: string): Promise<{ vms: VmCandidate[]; guesses: Map<number, GpuGuess> }> {
  const list = (await client.listVms()).filter((v) => v.template !== 1).sort((a, b) => a.vmid - b.vmid);
  if (list.length === 0) throw new UsageError(`node ${node} has no VM this token can see`, { hint: 'the token needs VM.Audit on /vms (a privilege-separated token needs its own ACL): docs/proxmox-setup.md' });
  const vms = await Promise.all(list.map(async (v): Promise<VmCandidate> => ({ vmid: v.vmid, name: v.name ?? `vm${v.vmid}`, status: v.status, config: await client.vmConfig(v.vmid) })));
  const optional = async <T>(read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (err) {
      // Without Sys.Audit (or Mapping.Audit) the guesses are flagged as unclear instead.
      if (err instanceof ProxmoxPermissionError) return undefined;
      throw err;
    }
  };
  const usesMapping = vms.some((v) => passthroughsOf(v.config).parsed.some((p) => p.kind === 'mapping'));
  const [pci, mappings] = await Promise.all([optional(() => client.pciDevices()), usesMapping ? optional(() => client.pciMappings()) : undefined]);
  const mapped = mappedDevicesOn(node, mappings ?? []);
  return { vms, guesses: new Map(vms.map((v) => [v.vmid, guessGpuMode(v.config, pci, mapped)])) };
}

const vmLine = (v: VmCandidate, g: GpuGuess): string => `  ${String(v.vmid).padEnd(6)} ${v.name.padEnd(20)} ${v.status.padEnd(8)} ${g.gpuMode.padEnd(9)} ${g.reason}${g.unclear ? ' (unclear)' : ''}`;

/** --modes, or the VMs the user picks from the list. */
async function chooseVms(deps: ConfigInitDeps, o: ConfigInitOptions, vms: readonly VmCandidate[], guesses: ReadonlyMap<number, GpuGuess>): Promise<VmCandidate[]> {
  let wanted = o.modes;
  if (wanted === undefined) {
    if (!deps.ask) throw new UsageError('which VMs become modes? give --modes with their ids, e.g. --modes 101,102,103 (or --modes all)', { hint: `the VMs: ${vms.map((v) => `${v.vmid} ${v.name}`).join(', ')}` });
    deps.say('The VMs, with the gpu_mode their passthrough suggests:');
    for (const v of vms) deps.say(vmLine(v, guesses.get(v.vmid)!));
    wanted = await deps.ask('Which become modes? (VM ids, comma-separated, or all) [all]', 'all');
  }
  if (wanted.trim() === 'all') return [...vms];
  const ids = wanted.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = ids.filter((id) => !vms.some((v) => String(v.vmid) === id));
  if (ids.length === 0 || unknown.length > 0) {
    throw new UsageError(ids.length === 0 ? 'no VM chosen' : `no VM ${unknown.join(', ')} on this node`, { hint: `its VMs: ${vms.map((v) => `${v.vmid} ${v.name}`).join(', ')}` });
  }
  return vms.filter((v) => ids.includes(String(v.vmid)));
}

/** On a terminal: each mode's name, and the gpu_mode of each unclear guess (which then counts as decided). */
async function chooseNames(deps: ConfigInitDeps, chosen: readonly VmCandidate[], guesses: Map<number, GpuGuess>): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  if (!deps.ask) return names;
  const defaults = proposeModes(chosen, (vm) => guesses.get(vm.vmid)!);
  for (const m of defaults) {
    const name = await deps.ask(`Mode name for VM ${m.vm.vmid} (${m.vm.name}) [${m.name}]`, m.name);
    if (!MODE_NAME.test(name) || [...names.values()].includes(name)) throw new UsageError(`"${name}" cannot be a mode name here`, { hint: "lowercase letters, digits, '_' or '-', starting with a letter or digit, each name once" });
    names.set(m.vm.vmid, name);
    const guess = m.guess;
    if (!guess.unclear) continue;
    deps.say(`  ${guess.reason}`);
    const answer = await deps.ask(`gpu_mode for ${name}: exclusive, shared or none [${guess.gpuMode}]`, guess.gpuMode);
    if (!(GPU_MODES as readonly string[]).includes(answer)) throw new UsageError(`"${answer}" is not a gpu_mode`, { hint: 'exclusive, shared or none' });
    guesses.set(m.vm.vmid, { ...guess, gpuMode: answer as GpuMode, unclear: false, reason: `${guess.reason.replace(/: exclusive assumed$/, '')}; ${answer} chosen at config init` });
  }
  return names;
}
