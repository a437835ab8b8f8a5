import { describe, it } from 'node:test';
import { plan } from '../../../src/modes/planner';
import { assertAsDesigned } from './check';
import { seedCases } from './enumerate';
import { expectedOutcome } from './oracle';

// DESIGN.md, `mode switch X`: refused (changing nothing) when a running mode is in a conflicts_with
// relation with X unless --force; otherwise every other running managed mode stops, then X starts;
// switching to the current mode is a no-op. An unmanaged GPU holder is never preempted.
describe('plan: switch, over every running set of the seed host', () => {
  for (const c of seedCases('switch')) {
    const expected = expectedOutcome(c.modes, c.snapshot, c.request).kind;
    it(`${c.title}: ${expected}`, () => assertAsDesigned(plan(c.modes, c.snapshot, c.request), c.modes, c.snapshot, c.request));
  }
});
