import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pollDelays } from '../../../src/proxmox/task-wait';

const take = (gen: Generator<number>, n: number): number[] => Array.from({ length: n }, () => gen.next().value);

describe('pollDelays', () => {
  it('starts at 100 ms and grows by half each time up to 2 s', () => {
    assert.deepEqual(take(pollDelays(), 11), [100, 150, 225, 338, 507, 761, 1142, 1713, 2000, 2000, 2000]);
  });

  it('follows the given first delay, ceiling and factor', () => {
    assert.deepEqual(take(pollDelays(10, 50, 2), 6), [10, 20, 40, 50, 50, 50]);
  });

  it('never shrinks and never passes its ceiling, however long a wait polls', () => {
    const delays = take(pollDelays(), 1000);
    assert.ok(
      delays.every((d, i) => i === 0 || d >= delays[i - 1]!),
      'a delay shorter than the one before',
    );
    assert.equal(Math.max(...delays), 2000);
  });
});
