import { loadConfig, type LoadedConfig } from '../config';
import { modesFromConfig } from '../modes/from-config';
import type { ModeDef } from '../modes/types';
import type { ProxmoxClient } from '../proxmox/client';
import { proxmoxClientFromConfig } from '../proxmox/from-config';
import { budgetedReadRetry } from '../proxmox/read-retry';
import { temporalConnectionOptions } from '../temporal/connection-options';
import { colorsFor, type Colors } from './render/colors';
import { connectTemporal, type TemporalSession } from './temporal-session';

export interface Io {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

export interface GlobalOptions {
  readonly config?: string;
  readonly color?: boolean;
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
      this.#config = loadConfig({ path: this.options.config, env: this.io.env });
      for (const w of this.#config.warnings) this.err(this.colors.yellow(`warning: ${w}`));
    }
    return this.#config;
  }

  modes(): ModeDef[] {
    return modesFromConfig(this.config().config);
  }

  get node(): string {
    return this.config().config.proxmox.node;
  }

  /** The command's own reads ride out transient faults within one budget (~2 s) from here on. */
  proxmox(): ProxmoxClient {
    this.#proxmox ??= proxmoxClientFromConfig(this.config().config.proxmox, budgetedReadRetry());
    return this.#proxmox;
  }

  temporal(timeoutMs?: number): Promise<TemporalSession> {
    this.#temporal ??= connectTemporal(temporalConnectionOptions(this.config().config.temporal), timeoutMs);
    return this.#temporal;
  }

  async close(): Promise<void> {
    await this.#proxmox?.close();
    const session = await this.#temporal?.catch(() => undefined);
    await session?.close();
  }
}
