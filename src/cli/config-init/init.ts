import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseConfigText } from '../../config';
import { resolveConfigPath } from '../../config/load';
import { API_TOKEN_ID } from '../../config/schema';
import { proposeModes, type ProposedMode } from '../../config-init/propose';
import { renderConfig, type TlsChoice } from '../../config-init/render-config';
import { UsageError } from '../../errors';
import { ProxmoxClient } from '../../proxmox/client';
import { budgetedReadRetry } from '../../proxmox/read-retry';
import type { TlsPolicy } from '../../proxmox/tls';
import { chooseNames, chooseVms } from './init-choices';
import { chooseNode, readHost } from './init-host';
import { chooseTls } from './init-tls';

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
    throw new UsageError(
      `$${o.secretEnv} is not set: config init reads the token's secret from the environment and writes only \${${o.secretEnv}} into the file`,
      {
        hint: `export ${o.secretEnv}=<the secret Proxmox showed when it created the token>`,
      },
    );
  }
  const path = o.print ? undefined : o.output ? resolve(o.output) : resolveConfigPath({ flag: deps.configFlag, env: deps.env, homedir: deps.homedir }).path;
  if (path && existsSync(path) && !o.force)
    throw new UsageError(`${path} exists already`, { hint: 'pick another file with --output, print instead with --print, or replace it with --force' });
  if (path && !deps.ask && !o.yes)
    throw new UsageError('not on a terminal: config init would have to ask; give --modes and --yes (or --print to write nothing)');

  const connect = (tls: TlsPolicy, node = 'localhost') =>
    new ProxmoxClient({ host, port: o.port, node, tokenId, tokenSecret: secret, tls, requestTimeoutMs: 15_000, readRetry: budgetedReadRetry() });
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
