import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { pollLearnt } from '../../../src/activities/learnt-poll';
import { ProxmoxPermissionError, ProxmoxTransientError } from '../../../src/proxmox/errors';
import { type Bracket, PollSchedule } from '../../../src/proxmox/poll-schedule';

const endpoint = { method: 'GET', path: '/nodes/pve/qemu/102/agent/network-get-interfaces' };

/** A learning schedule that records what it learnt. */
function learning(known?: Bracket) {
  const schedule = new PollSchedule(known);
  const learnt: Bracket[] = [];
  return { schedule, learnt, learn: (atMs: number) => void learnt.push(schedule.over(atMs)) };
}

describe('pollLearnt (waits whose length the worker learns)', () => {
  /** Polls with probes that answer "not yet" `slowMs` late three times, then "up"; how they overlapped. */
  async function overlapOf(slowMs: number, known?: Bracket): Promise<{ log: string[]; most: number }> {
    const env = new MockActivityEnvironment();
    const log: string[] = [];
    let inFlight = 0;
    let most = 0;
    let calls = 0;
    const value = await env.run(() =>
      pollLearnt(
        async () => {
          const n = ++calls;
          inFlight++;
          most = Math.max(most, inFlight);
          log.push(`start ${n}`);
          if (n <= 3) await sleep(slowMs);
          inFlight--;
          log.push(`end ${n}`);
          return n <= 3 ? undefined : 'up';
        },
        60_000,
        learning(known),
      ),
    );
    assert.equal(value, 'up');
    return { log, most };
  }

  it('sends the next probe while a slow "not yet" (the guest agent takes seconds to say it is not running) is still out, at most two at once', async () => {
    const { log, most } = await overlapOf(600, { lo: 0, hi: 40 });
    assert.ok(log.indexOf('start 2') < log.indexOf('end 1'), log.join(', '));
    assert.equal(most, 2);
  });

  it('waits for a probe that is merely slow to answer (a busy host) before sending the next', async () => {
    // Without history: no end of earlier waits to send one more probe at.
    const { log, most } = await overlapOf(100);
    assert.ok(log.indexOf('start 2') > log.indexOf('end 1'), log.join(', '));
    assert.equal(most, 1);
  });

  it('sends one probe more at the end earlier waits had, though two slow "not yet"s are still out: it is the one likely to see the end', async () => {
    const env = new MockActivityEnvironment();
    const log: string[] = [];
    let calls = 0;
    const started = Date.now();
    // Ready from 600 ms on, where earlier waits ended; a probe sent before then answers "not yet" a second later.
    const value = await env.run(() =>
      pollLearnt(
        async () => {
          const n = ++calls;
          const ready = Date.now() - started >= 600;
          log.push(`start ${n}`);
          if (!ready) await sleep(1_000);
          log.push(`end ${n}`);
          return ready ? 'up' : undefined;
        },
        60_000,
        learning({ lo: 0, hi: 600 }),
      ),
    );
    assert.equal(value, 'up');
    // Probes 1 and 2 went out inside the bracket (its middle, then 250 ms on); the third at its end,
    // and its answer ended the wait while the first two were still out.
    assert.deepEqual(log, ['start 1', 'start 2', 'start 3', 'end 3']);
  });

  it('polls through transient failures, learns where the wait ended, and gives up at the deadline', async () => {
    const env = new MockActivityEnvironment();
    const l = learning();
    let calls = 0;
    const value = await env.run(() =>
      pollLearnt(
        async () => {
          calls++;
          if (calls === 1) throw new ProxmoxTransientError(endpoint, 'connection reset');
          return calls >= 3 ? 'up' : undefined;
        },
        60_000,
        l,
      ),
    );
    assert.equal(value, 'up');
    assert.equal(l.learnt.length, 1);
    assert.ok(l.learnt[0]!.hi > l.learnt[0]!.lo);
    assert.equal(await env.run(() => pollLearnt(async () => undefined, 120, learning())), undefined);
  });

  it('ends at once on a failure that is no reason to poll again', async () => {
    const env = new MockActivityEnvironment();
    await assert.rejects(
      env.run(() => pollLearnt(async () => Promise.reject(new ProxmoxPermissionError(endpoint, 'permission denied', {})), 60_000, learning())),
      ProxmoxPermissionError,
    );
  });

  it('ends when the activity is cancelled', async () => {
    const env = new MockActivityEnvironment();
    const poll = env.run(() => pollLearnt(async () => undefined, 60_000, learning()));
    setTimeout(() => env.cancel(), 100);
    await assert.rejects(poll, (err: unknown) => (err as Error).name === 'CancelledFailure');
  });
});
