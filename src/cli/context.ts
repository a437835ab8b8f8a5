import type { Config, LoadedConfig } from '../config';
import type { HostSnapshot, ModeDef } from '../modes/types';
import type { ProxmoxClient } from '../proxmox/client';
import { colorsFor, type Colors } from './render/colors';
import type { SwitchInfo, SwitchInfoThread } from './switch-info';
import type { TemporalSession } from './temporal-session';

// Loaded on first use, not at start-up: `--version` and `--help` need none of the config's parser
// (yaml, zod), the HTTP client (undici) or Temporal's client.
const load = {
  config: () => require('../config') as typeof import('../config'),
  modes: () => require('../modes/from-config') as typeof import('../modes/from-config'),
  proxmox: () => require('../proxmox/from-config') as typeof import('../proxmox/from-config'),
  readRetry: () => require('../proxmox/read-retry') as typeof import('../proxmox/read-retry'),
  temporalOptions: () => require('../temporal/connection-options') as typeof import('../temporal/connection-options'),
  temporal: () => require('./temporal-session') as typeof import('./temporal-session'),
  switchInfo: () => require('./switch-info') as typeof import('./switch-info'),
  hostLook: () => require('./threads/observe-in-thread') as typeof import('./threads/observe-in-thread'),
};

export interface Io {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

export interface GlobalOptions {
  readonly config?: string;
  readonly color?: boolean;
  /** Which host of a `hosts:` config the command acts on (`--host`). */
  readonly host?: string;
}

/**
 * What a command needs, created lazily: the config is read when first asked for, the Proxmox client
 * and the Temporal connection are opened when first used, and all are closed at the end.
 */
export class CliContext {
  readonly colors: Colors;
  #config: LoadedConfig | undefined;
  #proxmox: ProxmoxClient | undefined;
  #temporal: Promise<TemporalSession> | undefined;
  #switchInfo: SwitchInfoThread | undefined;
  #hostLook: Promise<HostSnapshot | 'asleep'> | undefined;

  constructor(
    readonly io: Io,
    readonly options: GlobalOptions,
  ) {
    this.colors = colorsFor(io.stdout, io.env, options.color);
  }

  get tty(): boolean {
    return Boolean(this.io.stdout.isTTY);
  }

  out(text = ''): void {
    this.io.stdout.write(`${text}\n`);
  }

  /** Raw text to stdout, for live progress lines that redraw themselves. */
  write(text: string): void {
    this.io.stdout.write(text);
  }

  err(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  config(): LoadedConfig {
    if (!this.#config) {
      this.#config = load.config().loadConfig({ path: this.options.config, env: this.io.env, host: this.hostName });
      for (const w of this.#config.warnings) this.err(this.colors.yellow(`warning: ${w}`));
    }
    return this.#config;
  }

  /** Every host of the config: the worker serves them all, whatever MORPHEUS_HOST says. */
  hosts(): Config[] {
    const loaded = load.config().loadConfigHosts({ path: this.options.config, env: this.io.env });
    for (const w of loaded.warnings) this.err(this.colors.yellow(`warning: ${w}`));
    return loaded.hosts;
  }

  /** The host named by `--host` or MORPHEUS_HOST; undefined picks the config's only host. */
  get hostName(): string | undefined {
    return this.options.host ?? (this.io.env['MORPHEUS_HOST'] || undefined);
  }

  modes(): ModeDef[] {
    return load.modes().modesFromConfig(this.config().config);
  }

  get node(): string {
    return this.config().config.proxmox.node;
  }

  /** The command's own reads ride out transient faults within one budget (~2 s) from here on. */
  proxmox(): ProxmoxClient {
    this.#proxmox ??= load.proxmox().proxmoxClientFromConfig(this.config().config.proxmox, load.readRetry().budgetedReadRetry());
    return this.#proxmox;
  }

  temporal(): Promise<TemporalSession> {
    this.#temporal ??= load.temporal().connectTemporal(load.temporalOptions().temporalConnectionOptions(this.config().config.temporal));
    return this.#temporal;
  }

  /** Starts the thread that asks Temporal about the host's switches; the earlier, the more it overlaps. */
  prepareSwitchInfo(): void {
    this.#switchInfo ??= load.switchInfo().startSwitchInfoThread();
  }

  /** Asks the thread `prepareSwitchInfo()` started (or one started now); a thread answers once, so the next read has a new one. */
  switchInfo(withOutcome: boolean): Promise<SwitchInfo> {
    this.prepareSwitchInfo();
    const thread = this.#switchInfo!;
    this.#switchInfo = undefined;
    const { config } = this.config();
    return thread.read({ temporal: config.temporal, node: config.proxmox.node, withOutcome, uiUrl: this.io.env['MORPHEUS_UI_URL'] });
  }

  /** Starts the switch's look at the host on a thread of its own; the next `lookAtHost()` takes it. */
  prepareHostLook(): void {
    if (this.#hostLook) return;
    const { proxmox } = this.config().config;
    this.#hostLook = load.hostLook().observeInThread({ proxmox, wakeIfUnreachable: proxmox.wol?.wake_if_unreachable ?? false });
    // A busy host never takes this look: its failure must not count as unhandled then.
    this.#hostLook.catch(() => undefined);
  }

  /** A look taken now, or the one `prepareHostLook()` started; each look is taken once. */
  lookAtHost(): Promise<HostSnapshot | 'asleep'> {
    this.prepareHostLook();
    const look = this.#hostLook!;
    this.#hostLook = undefined;
    return look;
  }

  async close(): Promise<void> {
    await this.#switchInfo?.close();
    await this.#proxmox?.close();
    const session = await this.#temporal?.catch(() => undefined);
    await session?.close();
  }
}
