import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyHttpFailure, classifyTransportFailure } from '../../../src/proxmox/classify';
import { ProxmoxAuthError, ProxmoxResponseError, ProxmoxTransientError, type Endpoint } from '../../../src/proxmox/errors';
import {
  backoffDelay,
  budgetedReadRetry,
  CLI_READ_RETRY,
  fixedReadRetry,
  gaveUpError,
  readFailureKind,
  type ReadFailureKind,
} from '../../../src/proxmox/read-retry';
import { seededRandom } from '../../../src/shared/seeded-random';

const CONFIG: Endpoint = { method: 'GET', path: '/nodes/pve/qemu/104/config', vmid: 104 };

const http = (status: number, message: string) => classifyHttpFailure(CONFIG, { status, reason: message, body: '' });
const transport = (code: string, message: string) => classifyTransportFailure(CONFIG, Object.assign(new Error(message), { code }));

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('readFailureKind', () => {
  const cases: readonly [string, () => ReturnType<typeof http>, ReadFailureKind, boolean?][] = [
    ['401 authentication failed', () => http(401, 'Authentication failed!'), 'verdict'],
    ['403 permission check failed', () => http(403, 'Permission check failed (/vms/104, VM.Audit)'), 'verdict'],
    ['400 parameter verification failed', () => http(400, 'Parameter verification failed.'), 'verdict'],
    ['500 configuration file does not exist', () => http(500, "Configuration file 'nodes/pve/qemu-server/104.conf' does not exist"), 'verdict'],
    ['500 VM is locked', () => http(500, 'VM is locked (backup)'), 'verdict'],
    ['500 with a message (the guest agent is not running)', () => http(500, 'QEMU guest agent is not running'), 'verdict'],
    ['501 not implemented', () => http(501, 'Method not implemented'), 'verdict'],
    ['404 not found', () => http(404, 'Not Found'), 'verdict'],
    ['502 bad gateway', () => http(502, 'Bad Gateway'), 'no-verdict'],
    ['503 service unavailable', () => http(503, 'Service Unavailable'), 'no-verdict'],
    ['504 gateway timeout', () => http(504, 'Gateway Timeout'), 'no-verdict'],
    ['595 no route to host', () => http(595, 'No route to host'), 'no-verdict'],
    ['596 connection timed out', () => http(596, 'Connection timed out'), 'no-verdict'],
    ['597 connection error', () => http(597, 'Connection error'), 'no-verdict'],
    ['a connection reset', () => transport('ECONNRESET', 'read ECONNRESET'), 'no-verdict'],
    ['a refused connection', () => transport('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:8006'), 'no-verdict'],
    ['a connection closed without an answer', () => transport('UND_ERR_SOCKET', 'other side closed'), 'no-verdict'],
    ['an untrusted certificate', () => transport('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), 'verdict'],
    ['a connect timeout', () => transport('UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error'), 'timeout', true],
    ['a 2xx body that is not JSON', () => new ProxmoxTransientError(CONFIG, 'answered 200 with a body that is not JSON', { status: 200 }), 'no-verdict'],
    ['a 2xx body of the wrong shape', () => new ProxmoxResponseError(CONFIG, 'unexpected answer from Proxmox at data', { status: 200 }), 'no-verdict'],
  ];
  for (const [what, error, kind, timedOut] of cases) {
    it(`calls ${what} ${kind}`, () => assert.equal(readFailureKind(error(), timedOut ?? false), kind));
  }
});

describe('fixedReadRetry (the worker)', () => {
  it('reads a failure without a verdict again twice, 100 then 400 ms later, then stops', () => {
    const p = fixedReadRetry();
    assert.deepEqual(
      [1, 2, 3].map((n) => p.delayBeforeNext('no-verdict', n)),
      [100, 400, undefined],
    );
  });

  it('never reads a verdict or a timeout again, and one attempt turns re-reading off', () => {
    const p = fixedReadRetry();
    assert.equal(p.delayBeforeNext('verdict', 1), undefined);
    assert.equal(p.delayBeforeNext('timeout', 1), undefined);
    assert.equal(fixedReadRetry(1).delayBeforeNext('no-verdict', 1), undefined);
  });

  it('throws the last failure as it is', () => {
    const last = http(595, 'No route to host');
    assert.equal(fixedReadRetry().finalError(last, 3), last);
  });
});

describe('backoffDelay', () => {
  const o = { firstDelayMs: 50, maxDelayMs: 500 };

  it('doubles from the first delay up to the ceiling, a random half at most taken off', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 40].map((n) => backoffDelay(n, { ...o, random: () => 0.999_999 })),
      [50, 100, 200, 400, 500, 500, 500],
    );
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 40].map((n) => backoffDelay(n, { ...o, random: () => 0 })),
      [25, 50, 100, 200, 250, 250, 250],
    );
  });

  it('stays within [step / 2, step] for any random value', () => {
    const random = seededRandom(13);
    for (let n = 1; n <= 12; n++) {
      const step = Math.min(500, 50 * 2 ** (n - 1));
      for (let i = 0; i < 200; i++) {
        const d = backoffDelay(n, { ...o, random });
        assert.ok(d >= step / 2 && d <= step, `attempt ${n}: ${d} ms outside [${step / 2}, ${step}]`);
      }
    }
  });
});

describe('budgetedReadRetry (the CLI)', () => {
  const options = (clock: ReturnType<typeof manualClock>, random: () => number = () => 0.5) => ({ ...CLI_READ_RETRY, random, now: clock.now });

  /** Fails one read until the policy stops; returns the pauses it asked for. */
  function failForever(p: ReturnType<typeof budgetedReadRetry>, clock: ReturnType<typeof manualClock>, kind: ReadFailureKind = 'no-verdict'): number[] {
    const pauses: number[] = [];
    for (let attempts = 1; attempts <= 1_000; attempts++) {
      const d = p.delayBeforeNext(kind, attempts);
      if (d === undefined) return pauses;
      pauses.push(d);
      clock.advance(d);
    }
    assert.fail(`still retrying after 1000 attempts (${clock.now()} ms on the clock)`);
  }

  it('retries a read without a verdict with growing pauses that all end within the 2 s budget', () => {
    const clock = manualClock();
    const pauses = failForever(budgetedReadRetry(options(clock, () => 0.999_999)), clock);
    // Each pause at its longest: they end at 1875 ms; another 250 would pass 2 s.
    assert.deepEqual(pauses, [25, 50, 100, 200, 250, 250, 250, 250, 250, 250]);
  });

  it('keeps every jittered schedule within the budget, with at least 10 retries', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const clock = manualClock();
      const pauses = failForever(budgetedReadRetry(options(clock, seededRandom(seed))), clock);
      const total = pauses.reduce((a, b) => a + b, 0);
      assert.ok(total <= CLI_READ_RETRY.budgetMs, `seed ${seed}: ${total} ms of pauses`);
      assert.ok(pauses.length >= 10, `seed ${seed}: only ${pauses.length} retries`);
    }
  });

  it('retries a timeout while the budget lasts, and none after a long one', () => {
    const clock = manualClock();
    const p = budgetedReadRetry(options(clock));
    assert.equal(p.delayBeforeNext('timeout', 1), 19);
    clock.advance(15_000);
    assert.equal(p.delayBeforeNext('timeout', 2), undefined);
  });

  it('never retries a verdict (auth, permission, not found, validation, a 500 with a message)', () => {
    const clock = manualClock();
    assert.equal(budgetedReadRetry(options(clock)).delayBeforeNext('verdict', 1), undefined);
  });

  it('shares one budget among every read of the command', () => {
    const clock = manualClock();
    const p = budgetedReadRetry(options(clock));
    assert.deepEqual(failForever(p, clock), [19, 38, 75, 150, 188, 188, 188, 188, 188, 188, 188, 188, 188]);
    // 1974 ms spent: a read failing from now on has the remaining 26 ms.
    assert.deepEqual(failForever(p, clock), [19]);
    clock.advance(100);
    assert.equal(p.delayBeforeNext('no-verdict', 1), undefined);
  });
});

describe('gaveUpError', () => {
  it('restates the last of several transient failures with their count, keeping its class and exit code', () => {
    const last = http(595, 'No route to host');
    const err = gaveUpError(last, 7);
    assert.ok(err instanceof ProxmoxTransientError);
    assert.equal(
      err.message,
      'VM 104: Proxmox answered with errors 7 times in a row; the last: Proxmox failed: Proxmox said 595 "No route to host" (GET /nodes/pve/qemu/104/config)',
    );
    assert.equal(err.exitCode, 6);
    assert.equal(err.status, 595);
    assert.equal(err.cause, last);
    assert.equal(err.hint, 'the host, or the network to it, is unsteady: try again in a moment');
  });

  it("keeps the last failure's own hint", () => {
    const err = gaveUpError(transport('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:8006'), 3);
    assert.equal(
      err.message,
      'VM 104: Proxmox answered with errors 3 times in a row; the last: cannot reach Proxmox: ECONNREFUSED connect ECONNREFUSED 127.0.0.1:8006 (GET /nodes/pve/qemu/104/config)',
    );
    assert.match(err.hint ?? '', /^check proxmox\.host and proxmox\.port/);
  });

  it('leaves a single failure and a verdict as they are', () => {
    const once = http(595, 'No route to host');
    assert.equal(gaveUpError(once, 1), once);
    const auth = http(401, 'Authentication failed!');
    assert.ok(auth instanceof ProxmoxAuthError);
    assert.equal(gaveUpError(auth, 3), auth);
  });
});
