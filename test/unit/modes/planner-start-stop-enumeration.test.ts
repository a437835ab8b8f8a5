import { describe, it } from 'node:test';
import { plan } from '../../../src/modes/planner';
import { assertAsDesigned } from './check';
import { seedCases } from './enumerate';
import { expectedOutcome } from './oracle';

// DESIGN.md, `mode start X` / `mode stop X`: start X alongside what runs, only if compatible with every
// running VM; stop one mode gracefully.
for (const action of ['start', 'stop'] as const) {
  describe(`plan: ${action}, over every running set of the seed host`, () => {
    for (const c of seedCases(action)) {
      const expected = expectedOutcome(c.modes, c.snapshot, c.request).kind;
      it(`${c.title}: ${expected}`, () => assertAsDesigned(plan(c.modes, c.snapshot, c.request), c.modes, c.snapshot, c.request));
    }
  });
}
