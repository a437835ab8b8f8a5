import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { holdUntil } from '../../../src/schedules/wall-clock';

const at = (iso: string) => new Date(iso);

describe('when a hold ends', () => {
  it('reads HH:MM as the next such time in the zone: later today', () => {
    assert.equal(holdUntil('23:30', at('2026-12-01T19:00:00Z'), 'Europe/Amsterdam')?.toISOString(), '2026-12-01T22:30:00.000Z');
  });

  it('or tomorrow, when that time has passed today', () => {
    assert.equal(holdUntil('06:00', at('2026-12-01T19:00:00Z'), 'Europe/Amsterdam')?.toISOString(), '2026-12-02T05:00:00.000Z');
  });

  it('across midnight in the zone, not in UTC', () => {
    // 00:30 on 2 Dec in Amsterdam is still 1 Dec in UTC.
    assert.equal(holdUntil('06:00', at('2026-12-01T23:30:00Z'), 'Europe/Amsterdam')?.toISOString(), '2026-12-02T05:00:00.000Z');
    assert.equal(holdUntil('06:00', at('2026-12-01T23:30:00Z'), 'America/New_York')?.toISOString(), '2026-12-02T11:00:00.000Z');
  });

  it('across a daylight-saving change: 06:00 the morning the clocks go forward is 04:00 UTC', () => {
    assert.equal(holdUntil('06:00', at('2027-03-27T21:00:00Z'), 'Europe/Amsterdam')?.toISOString(), '2027-03-28T04:00:00.000Z');
  });

  it('reads a duration from now, and an ISO date-time with an offset', () => {
    assert.equal(holdUntil('3h', at('2026-12-01T19:00:00Z'), 'UTC')?.toISOString(), '2026-12-01T22:00:00.000Z');
    assert.equal(holdUntil('2d', at('2026-12-01T19:00:00Z'), 'UTC')?.toISOString(), '2026-12-03T19:00:00.000Z');
    assert.equal(holdUntil('2026-12-02T06:00:00+01:00', at('2026-12-01T19:00:00Z'), 'UTC')?.toISOString(), '2026-12-02T05:00:00.000Z');
  });

  it('refuses what is none of these, or not ahead', () => {
    for (const text of ['tonight', '25:00', '6', '0s', '-1h', '2026-12-02T06:00', '2026-11-01T06:00:00Z']) {
      assert.equal(holdUntil(text, at('2026-12-01T19:00:00Z'), 'UTC'), undefined, text);
    }
  });
});
