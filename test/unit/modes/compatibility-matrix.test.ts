import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { incompatibilities, unmanagedIncompatibility } from '../../../src/modes/compatibility';
import type { HostSnapshot, ModeDef } from '../../../src/modes/types';
import { LINUX, NOGPU, SEED_NAMES, SHARED, WINDOWS, mode, seedModes, snapshot } from './fixtures';
import { clashes, clashesWithUnmanaged } from './oracle';
import { randomHost } from './random-hosts';

const modes = seedModes();
const byName = (name: string): ModeDef => modes.find((m) => m.name === name)!;
const rulesOf = (a: ModeDef, b: ModeDef, ms: readonly ModeDef[], s: HostSnapshot): string[] =>
  incompatibilities(a, b, ms, s)
    .map((i) => i.rule)
    .sort();

// The seed's matrix: VR modes combine with no other GPU mode; the shared-GPU mode with the no-GPU
// mode only; the no-GPU mode with anything. A mode "with itself" is the same VM, never a conflict.
const MATRIX: Record<string, readonly string[]> = {
  [LINUX]: [LINUX, NOGPU],
  [WINDOWS]: [WINDOWS, NOGPU],
  [NOGPU]: [LINUX, WINDOWS, NOGPU, SHARED],
  [SHARED]: [NOGPU, SHARED],
};

describe('incompatibilities: the seed matrix, for all 16 ordered pairs', () => {
  // On the seed's host 101, 102 and 104 pass the GPU (0000:01:00) through; 103 passes nothing.
  const physical = snapshot();
  // The same modes before any VM config is read: the declarations alone must give the same matrix.
  const declared = snapshot({ passthrough: { 101: [], 102: [], 104: [], 105: [] } });
  for (const a of SEED_NAMES) {
    for (const b of SEED_NAMES) {
      const compatible = MATRIX[a]!.includes(b);
      it(`${a} ${compatible ? 'can' : 'cannot'} run with ${b}`, () => {
        assert.equal(incompatibilities(byName(a), byName(b), modes, physical).length === 0, compatible);
        assert.equal(incompatibilities(byName(a), byName(b), modes, declared).length === 0, compatible);
      });
    }
  }

  const exact: [string, string, string[], string[]][] = [
    [LINUX, WINDOWS, ['gpu', 'pci-device'], ['gpu']],
    [LINUX, SHARED, ['declared-conflict', 'gpu', 'pci-device'], ['declared-conflict', 'gpu']],
    [WINDOWS, SHARED, ['declared-conflict', 'gpu', 'pci-device'], ['declared-conflict', 'gpu']],
  ];
  for (const [a, b, onHost, onPaper] of exact) {
    it(`${a} and ${b} clash by ${onHost.join(', ')} on the host and by ${onPaper.join(', ')} on paper`, () => {
      assert.deepEqual(rulesOf(byName(a), byName(b), modes, physical), onHost);
      assert.deepEqual(rulesOf(byName(a), byName(b), modes, declared), onPaper);
    });
  }

  it('explains the clash of the two VR modes and names the shared device', () => {
    assert.deepEqual(incompatibilities(byName(LINUX), byName(WINDOWS), modes, physical), [
      { rule: 'gpu', detail: 'linuxvrstreaming (exclusive) and windowsvrstreaming (exclusive) both need the GPU' },
      { rule: 'pci-device', device: '0000:01:00' },
    ]);
  });

  it('names nimsforestsharedgpu as the author of its conflict from either side', () => {
    for (const [a, b] of [
      [SHARED, LINUX],
      [LINUX, SHARED],
    ] as const) {
      const found = incompatibilities(byName(a), byName(b), modes, physical).find((i) => i.rule === 'declared-conflict');
      assert.deepEqual(found, { rule: 'declared-conflict', declaredBy: SHARED });
    }
  });
});

/** The rules found, which must not depend on the order of the pair. */
const gist = (a: ModeDef, b: ModeDef, ms: readonly ModeDef[], s: HostSnapshot) => incompatibilities(a, b, ms, s).map((i) => i.rule);

/** A declared conflict names a mode that really lists the other (either one, when both do). */
function assertAuthor(a: ModeDef, b: ModeDef, ms: readonly ModeDef[], s: HostSnapshot): void {
  const found = incompatibilities(a, b, ms, s).find((i) => i.rule === 'declared-conflict');
  if (found === undefined) return;
  const writers = [a, b].filter((m) => m.conflictsWith.includes(m === a ? b.name : a.name)).map((m) => m.name);
  assert.ok(writers.includes(found.declaredBy), `${found.declaredBy} is not among ${writers.join(', ')}`);
}

describe('incompatibilities: conflicts_with is symmetric, whoever wrote it', () => {
  const host = (ms: ModeDef[]) => snapshot({ modes: ms });
  for (const writer of ['nogpu', 'linux'] as const) {
    it(`keeps ${LINUX} and ${NOGPU} apart when ${writer === 'nogpu' ? NOGPU : LINUX} lists the other`, () => {
      const linux = mode(LINUX, 101, 'exclusive', writer === 'linux' ? { conflictsWith: [NOGPU] } : {});
      const nogpu = mode(NOGPU, 103, 'none', writer === 'nogpu' ? { conflictsWith: [LINUX] } : {});
      const ms = [linux, nogpu];
      const by = writer === 'linux' ? LINUX : NOGPU;
      assert.deepEqual(incompatibilities(linux, nogpu, ms, host(ms)), [{ rule: 'declared-conflict', declaredBy: by }]);
      assert.deepEqual(incompatibilities(nogpu, linux, ms, host(ms)), [{ rule: 'declared-conflict', declaredBy: by }]);
    });
  }

  it('gives the same answer in both orders for every pair of 400 random hosts', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const { modes: ms, snapshot: s } = randomHost(seed);
      for (const a of ms) {
        for (const b of ms) {
          assert.deepEqual(gist(a, b, ms, s), gist(b, a, ms, s), `host #${seed}: ${a.name} / ${b.name}`);
          assertAuthor(a, b, ms, s);
        }
      }
    }
  });
});

describe('incompatibilities and unmanagedIncompatibility agree with DESIGN.md on random hosts', () => {
  it('finds exactly the rules the oracle finds, for every pair of 400 random hosts', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const { modes: ms, snapshot: s } = randomHost(seed);
      for (const a of ms) for (const b of ms) assert.deepEqual(rulesOf(a, b, ms, s), clashes(a, b, ms, s).sort(), `host #${seed}: ${a.name} / ${b.name}`);
    }
  });

  it('finds exactly the clash the oracle finds with every unmanaged VM of 400 random hosts', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const { modes: ms, snapshot: s } = randomHost(seed);
      const unmanaged = s.vms.filter((v) => !ms.some((m) => m.vmid === v.vmid));
      for (const m of ms)
        for (const v of unmanaged)
          assert.equal(unmanagedIncompatibility(m, v, ms, s)?.rule, clashesWithUnmanaged(m, v, ms, s), `host #${seed}: ${m.name} / VM ${v.vmid}`);
    }
  });
});
