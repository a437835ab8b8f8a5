import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration, parseDuration } from '../../../src/config';

describe('parseDuration', () => {
  const valid: [number | string, number][] = [
    [0, 0],
    [60, 60_000],
    [1.5, 1_500],
    ['500ms', 500],
    ['90s', 90_000],
    ['2m', 120_000],
    ['1.5m', 90_000],
    ['1h', 3_600_000],
    ['7d', 604_800_000],
    ['0s', 0],
  ];
  for (const [input, ms] of valid) {
    it(`reads ${JSON.stringify(input)} as ${ms}ms`, () => assert.equal(parseDuration(input), ms));
  }

  for (const input of [-1, '-1s', '15', '90 s', '2min', '1w', 's', '1e3s', '', Infinity, NaN, `${'9'.repeat(400)}h`]) {
    it(`refuses ${JSON.stringify(String(input))}`, () => assert.equal(parseDuration(input), undefined));
  }
});

describe('formatDuration', () => {
  it('uses the largest unit that divides the value', () => {
    assert.deepEqual([0, 100, 1_000, 90_000, 300_000, 3_600_000, 86_400_000, 1_500].map(formatDuration), [
      '0s',
      '100ms',
      '1s',
      '90s',
      '5m',
      '1h',
      '1d',
      '1500ms',
    ]);
  });
});
