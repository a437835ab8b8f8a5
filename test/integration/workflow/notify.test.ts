import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../../support/eventually';
import { startHarness, type Harness } from '../../support/harness';
import { runSwitch, switchInput, type SwitchRunOutcome } from '../../support/reliability';

interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
  readonly status: number;
}

/** An HTTP receiver on 127.0.0.1 that answers 503 to the first `failFirst` requests of each path. */
async function receiver(failFirst: number): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const seen = new Map<string, number>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const n = (seen.get(req.url ?? '') ?? 0) + 1;
      seen.set(req.url ?? '', n);
      const status = n <= failFirst ? 503 : 200;
      received.push({ path: req.url ?? '', headers: req.headers, body, at: Date.now(), status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

const KEY_ENV = 'MORPHEUS_TEST_WEBHOOK_KEY';
const KEY = 'webhook-signing-key-for-the-test';

describe('notifications of switch outcomes', () => {
  let h: Harness;
  let rx: Awaited<ReturnType<typeof receiver>>;
  let switched: SwitchRunOutcome;
  let refused: SwitchRunOutcome;
  let closedAt: number;

  before(async () => {
    rx = await receiver(2);
    process.env[KEY_ENV] = KEY;
    const sections = [
      'notify:',
      `  - { type: webhook, url: "${rx.url}/hook", secret_env: ${KEY_ENV}, events: [switched, failed] }`,
      `  - { type: ntfy, url: "${rx.url}/lab-switches" }`,
    ].join('\n');
    h = await startHarness({ sections });
    await h.startWorker();
    switched = await runSwitch(h, switchInput('windowsvrstreaming'));
    closedAt = (await h.client.workflow.getHandle(`morpheus-switch-${h.config.proxmox.node}`, switched.runId).describe()).closeTime!.getTime();
    refused = await runSwitch(h, switchInput('nimsforestsharedgpu'));
    // Both targets fail twice for the switch, then accept; the refusal goes to ntfy only.
    await eventually(() => (rx.received.filter((r) => r.status === 200).length === 3 ? true : undefined), {
      what: 'three accepted deliveries',
      timeoutMs: 60_000,
    });
  });
  after(async () => {
    delete process.env[KEY_ENV];
    await h?.close();
    rx?.server.close();
  });

  it('never change the outcome, and never keep the host busy: the switch closed before the receivers accepted', () => {
    assert.equal(switched.ok, true);
    assert.equal(refused.ok, false);
    const accepted = rx.received.filter((r) => r.status === 200 && r.path === '/hook');
    assert.equal(accepted.length, 1);
    assert.ok(accepted[0]!.at > closedAt, `accepted at ${accepted[0]!.at}, switch closed at ${closedAt}`);
  });

  it('retry a receiver that fails, and deliver once it accepts', () => {
    const hook = rx.received.filter((r) => r.path === '/hook').map((r) => r.status);
    assert.deepEqual(hook, [503, 503, 200]);
    const deliveries = new Set(rx.received.filter((r) => r.path === '/hook').map((r) => r.headers['x-morpheus-delivery']));
    assert.equal(deliveries.size, 1, 'every attempt carries the same delivery id');
  });

  it('sign the webhook body with HMAC-SHA256 under a key from the environment; the body holds no secret', () => {
    const hook = rx.received.find((r) => r.path === '/hook' && r.status === 200)!;
    assert.equal(hook.headers['x-morpheus-signature-256'], `sha256=${createHmac('sha256', KEY).update(hook.body).digest('hex')}`);
    assert.equal(hook.headers['x-morpheus-event'], 'switched');
    const body = JSON.parse(hook.body) as Record<string, unknown>;
    assert.equal(body['event'], 'switched');
    assert.equal(body['host'], h.config.proxmox.node);
    assert.equal(body['target'], 'windowsvrstreaming');
    assert.deepEqual(body['from'], ['linuxvrstreaming']);
    assert.equal(body['run_id'], switched.runId);
    assert.match(String(body['message']), /^pve-\w+: linuxvrstreaming → windowsvrstreaming: switched in \d+\.\ds$/);
    for (const r of rx.received) {
      assert.ok(!r.body.includes(KEY) && !r.body.includes(h.sim.token.secret), 'no secret in any body');
      assert.ok(!JSON.stringify(r.headers).includes(h.sim.token.secret));
    }
  });

  it('push to ntfy with a title, priority and tags by outcome, and only the events a target wants', () => {
    const pushes = rx.received.filter((r) => r.path === '/lab-switches' && r.status === 200);
    assert.deepEqual(
      pushes.map((p) => [p.headers['title'], p.headers['priority'], p.headers['tags']]),
      [
        [`Morpheus ${h.config.proxmox.node}: switch windowsvrstreaming done`, '3', 'white_check_mark'],
        [`Morpheus ${h.config.proxmox.node}: switch nimsforestsharedgpu refused`, '3', 'no_entry'],
      ],
    );
    assert.match(pushes[1]!.body, /refused: Cannot switch to nimsforestsharedgpu/);
    assert.ok(!rx.received.some((r) => r.path === '/hook' && r.headers['x-morpheus-event'] === 'refused'), 'the webhook did not subscribe to refusals');
  });
});
