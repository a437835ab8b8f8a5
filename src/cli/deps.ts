import { hostname, userInfo } from 'node:os';
import type { HostSnapshot, ModeDef } from '../modes/types';
import type { ProxmoxClient } from '../proxmox/client';
import type { CliContext } from './context';
import type { SwitchInfo } from './switch-info';
import type { TemporalSession } from './temporal-session';

/**
 * What the mode commands work with, and nothing else: the host, its modes, a Proxmox client and a
 * Temporal session (both opened on first use), the environment (for Web UI links), who asks, and the
 * clock. Commands take this, return results, and never print (src/cli/output.ts does).
 */
export interface CommandDeps {
  readonly node: string;
  readonly modes: readonly ModeDef[];
  proxmox(): ProxmoxClient;
  /** The host as a switch's pre-check sees it, or 'asleep' (src/cli/sleeping-host.ts), read on a thread of its own. */
  lookAtHost(): Promise<HostSnapshot | 'asleep'>;
  temporal(): Promise<TemporalSession>;
  /** The host's switch in flight or its last one (from a thread: src/cli/switch-info.ts); `withOutcome` adds how it ended. */
  switchInfo(withOutcome: boolean): Promise<SwitchInfo>;
  readonly env: NodeJS.ProcessEnv;
  /** `cli:user@machine`, recorded on the runs this CLI starts. */
  readonly requester: string;
  readonly now: () => number;
}

/** The deps of a command run from the command line: the context opens everything lazily. */
export function commandDeps(ctx: CliContext): CommandDeps {
  return {
    node: ctx.node,
    modes: ctx.modes(),
    proxmox: () => ctx.proxmox(),
    lookAtHost: () => ctx.lookAtHost(),
    temporal: () => ctx.temporal(),
    switchInfo: (withOutcome) => ctx.switchInfo(withOutcome),
    env: ctx.io.env,
    requester: `cli:${userInfo().username}@${hostname()}`,
    now: () => Date.now(),
  };
}
