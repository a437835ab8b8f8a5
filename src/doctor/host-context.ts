import type { Config } from '../config/schema';
import type { ModeDef } from '../modes/types';
import type { HostFacts, VmFacts } from './facts';

/** Everything the host checks read: the config's modes, and the host as the token sees it. */
export interface HostContext {
  readonly config: Config;
  readonly modes: readonly ModeDef[];
  readonly host: HostFacts;
  readonly vms: readonly VmFacts[];
}
