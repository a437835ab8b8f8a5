import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Bracket, PollSchedule, precision } from '../../../src/proxmox/poll-schedule';

/** The probe times of one wait that is over at `overAtMs`, and the bracket it teaches. */
function wait(overAtMs: number, known: Bracket | undefined): { probes: number[]; learnt: Bracket } {
  const schedule = new PollSchedule(known);
  const probes: number[] = [];
  for (let at = schedule.delay(0); ; at += schedule.delay(at)) {
    probes.push(at);
    if (at >= overAtMs) return { probes, learnt: schedule.over(at) };
    schedule.notYet(at);
  }
}

/** `runs` waits of the same kind, each starting from what the one before taught. */
function runs(overAtMs: readonly number[], known?: Bracket): { probes: number[]; lateMs: number }[] {
  let bracket = known;
  return overAtMs.map((over) => {
    const w = wait(over, bracket);
    bracket = w.learnt;
    return { probes: w.probes, lateMs: w.probes[w.probes.length - 1]! - over };
  });
}

describe('PollSchedule', () => {
  it('without history: a first probe after 50 ms, then a third of the time waited so far, up to 2 s', () => {
    assert.deepEqual(
      wait(10_000, undefined).probes,
      [50, 100, 150, 200, 267, 356, 475, 633, 844, 1_125, 1_500, 2_000, 2_667, 3_556, 4_741, 6_321, 8_321, 10_321],
    );
  });

  it('with a bracket: halves it until it is narrower than its precision, probes its end, then backs off from its end', () => {
    assert.deepEqual(wait(1_990, { lo: 1_000, hi: 2_000 }).probes, [1_500, 1_750, 1_875, 1_938, 1_969, 2_000]);
    assert.deepEqual(
      wait(5_000, { lo: 1_000, hi: 2_000 }).probes.slice(5),
      [2_000, 2_050, 2_100, 2_150, 2_200, 2_267, 2_356, 2_475, 2_633, 2_844, 3_125, 3_500, 4_000, 4_667, 5_556],
    );
  });

  it('with a bracket narrower than its precision: one probe at its end', () => {
    assert.deepEqual(wait(990, { lo: 980, hi: 1_000 }).probes, [1_000]);
    assert.equal(precision(1_000), 30);
    assert.equal(precision(100), 10);
  });

  it('learns the last probe that saw the wait running and the one that saw it over', () => {
    assert.deepEqual(wait(1_600, undefined).learnt, { lo: 1_500, hi: 2_000 });
    assert.deepEqual(wait(1_990, { lo: 1_000, hi: 2_000 }).learnt, { lo: 1_969, hi: 2_000 });
  });

  it('learns nothing below the first probe of a wait without history, and widens a bracket downwards when its first probe finds the wait over', () => {
    assert.deepEqual(wait(0, undefined).learnt, { lo: 0, hi: 50 });
    assert.deepEqual(wait(500, { lo: 900, hi: 1_000 }), { probes: [950], learnt: { lo: 800, hi: 950 } });
  });

  it('settles, for a wait that always takes as long, on one to three probes that end it at most its precision late', () => {
    for (const duration of [400, 1_600, 3_000, 60_000]) {
      const seen = runs(Array.from({ length: 12 }, () => duration));
      assert.ok(seen[0]!.lateMs <= duration / 3 + 50, `the first wait of ${duration} ms ends ${seen[0]!.lateMs} ms late`);
      for (const s of seen.slice(3)) {
        assert.ok(s.probes.length <= 3, `${s.probes.length} probes for ${duration} ms`);
        assert.ok(s.lateMs <= precision(duration), `${s.lateMs} ms late for ${duration} ms`);
      }
      const probes = seen.slice(3).reduce((n, s) => n + s.probes.length, 0) / 9;
      assert.ok(probes <= 2, `${probes.toFixed(2)} probes per wait for ${duration} ms`);
    }
  });

  it('follows a guest that got slower at once, and one that got faster within ten waits', () => {
    const slower = runs([...Array(6).fill(1_600), ...Array(6).fill(2_400)]);
    for (const s of slower.slice(-5)) assert.ok(s.lateMs <= precision(2_400) && s.probes.length <= 3, JSON.stringify(s));
    const faster = runs([...Array(6).fill(1_600), ...Array(12).fill(900)]);
    for (const s of faster.slice(-3)) assert.ok(s.lateMs <= precision(900) && s.probes.length <= 3, JSON.stringify(s));
  });

  it('never pauses longer than 2 s nor shorter than 50 ms once past what it knows', () => {
    const schedule = new PollSchedule({ lo: 100, hi: 200 });
    for (const at of [200, 250, 1_000, 60_000, 3_600_000]) {
      const d = schedule.delay(at);
      assert.ok(d >= 50 && d <= 2_000, `${d} ms at ${at} ms`);
    }
  });
});
