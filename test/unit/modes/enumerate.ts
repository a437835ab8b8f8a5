import type { Action, HostSnapshot, ModeDef } from '../../../src/modes/types';
import { SEED_NAMES, seedModes, setName, snapshot, subsets } from './fixtures';
import type { Request } from './oracle';

export interface Case {
  /** A sentence for the test name, e.g. "switch to nimsforestnogpu from linuxvrstreaming with --force". */
  readonly title: string;
  readonly modes: readonly ModeDef[];
  readonly snapshot: HostSnapshot;
  readonly request: Request;
}

const VERB: Record<Action, string> = { switch: 'switch to', start: 'start', stop: 'stop' };

/**
 * Every request for `action` on the seed's host: each of the 16 sets of running modes (the physically
 * impossible ones too), each target, with and without --force, with the unmanaged GPU holder VM 105
 * running or stopped.
 */
export function seedCases(action: Action): Case[] {
  const modes = seedModes();
  const cases: Case[] = [];
  for (const running of subsets(SEED_NAMES)) {
    for (const target of SEED_NAMES) {
      for (const force of [false, true]) {
        for (const unmanagedRunning of [false, true]) {
          const title = `${VERB[action]} ${target} from ${setName(running)}${force ? ' with --force' : ''}${unmanagedRunning ? ' while VM 105 runs' : ''}`;
          cases.push({ title, modes, snapshot: snapshot({ running, unmanagedRunning }), request: { action, target, force } });
        }
      }
    }
  }
  return cases;
}
