import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plan } from '../../../src/modes/planner';
import type { HostSnapshot, ModeDef } from '../../../src/modes/types';
import { assertAsDesigned, assertEndState, simulate } from './check';
import { seedCases } from './enumerate';
import type { Request } from './oracle';
import { randomHost } from './random-hosts';

const ACTIONS = ['switch', 'start', 'stop'] as const;

/**
 * Plans `request`, then plays the plan over the host: no step may run two GPU holders (or two users of
 * one device) at once, a plan that is not refused must run to its end (the planner saw the same state
 * the GPU check sees), and afterwards the target runs (alone among managed modes, for a switch) or,
 * for stop, does not.
 */
function assertSafe(modes: readonly ModeDef[], snapshot: HostSnapshot, request: Request): void {
  const p = plan(modes, snapshot, request);
  const target = modes.find((m) => m.name === request.target);
  if (p.kind === 'refused' || !target) return;
  let running: ReadonlySet<number>;
  if (p.kind === 'noop') {
    running = new Set(snapshot.vms.filter((v) => v.status === 'running').map((v) => v.vmid));
  } else {
    const end = simulate(p, modes, snapshot);
    assert.ok(end.completed, `the GPU check fails half-way through ${JSON.stringify(p.steps)}`);
    running = end.running;
  }
  assertEndState(request.action, target, modes, running);
}

describe('every plan for the seed host keeps the GPU single-held and ends where it should', () => {
  for (const action of ACTIONS) {
    for (const c of seedCases(action)) it(c.title, () => assertSafe(c.modes, c.snapshot, c.request));
  }
});

const HOSTS = 400;

describe(`every plan for ${HOSTS} random hosts follows DESIGN.md and keeps the GPU single-held`, () => {
  for (let seed = 1; seed <= HOSTS; seed++) {
    const { modes, snapshot } = randomHost(seed);
    it(`plans safely, as DESIGN.md says, on random host #${seed} (${modes.length} modes, ${snapshot.vms.length} VMs)`, () => {
      for (const target of [...modes.map((m) => m.name), 'ghost']) {
        for (const action of ACTIONS) {
          for (const force of [false, true]) {
            const request = { action, target, force };
            const where = `host #${seed}: ${action} ${target}${force ? ' --force' : ''} on ${JSON.stringify({ modes, snapshot })}`;
            try {
              assertAsDesigned(plan(modes, snapshot, request), modes, snapshot, request);
              assertSafe(modes, snapshot, request);
            } catch (err) {
              throw new Error(`${where}\n${(err as Error).message}`, { cause: err });
            }
          }
        }
      }
    });
  }
});
