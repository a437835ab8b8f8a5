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

  it('never ends', () => {
    const gen = pollDelays(1, 1, 1);
    take(gen, 1000);
    assert.equal(gen.next().done, false);
  });
});
