import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent, request } from 'undici';
import { buildProxmoxConnector } from '../../../src/proxmox/tls';
import { startTestSimulator, type TestSimulator } from '../../support/simulator';

interface Raw {
  status: number;
  reason: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

// The wire format of the simulator, below the client: what §1 and §9 of the PVE notes say pveproxy sends.
describe('simulator wire format', () => {
  let sim: TestSimulator;
  let agent: Agent;
  let auth: string;
  before(async () => {
    sim = await startTestSimulator({ scenario: { release: '9.0', vms: [{ vmid: 101, name: 'a' }] } });
    agent = new Agent({ connect: buildProxmoxConnector({ verify: true, fingerprint: sim.fingerprint }, 5_000) });
    auth = `PVEAPIToken=${sim.token.id}=${sim.token.secret}`;
  });
  after(async () => {
    await agent.close();
    await sim.close();
  });

  async function raw(method: 'GET' | 'POST', path: string, opts: { body?: string; auth?: string | null; type?: string } = {}): Promise<Raw> {
    const headers: Record<string, string> = {};
    if (opts.auth !== null) headers['authorization'] = opts.auth ?? auth;
    if (opts.body !== undefined) headers['content-type'] = opts.type ?? 'application/x-www-form-urlencoded';
    const res = await request(`${sim.url}${path}`, { method, headers, dispatcher: agent, ...(opts.body !== undefined && { body: opts.body }) });
    return { status: res.statusCode, reason: res.statusText, headers: res.headers, body: await res.body.text() };
  }

  it('wraps answers in {data} with the PVE content type and server header', async () => {
    const res = await raw('GET', '/api2/json/version');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/json;charset=UTF-8');
    assert.equal(res.headers['server'], 'pve-api-daemon/3.0');
    assert.equal((JSON.parse(res.body) as { data: { release: string } }).data.release, '9.0');
  });

  it('answers 401 "No ticket" without credentials, with an empty body and Connection: close', async () => {
    const res = await raw('GET', '/api2/json/version', { auth: null });
    assert.deepEqual([res.status, res.reason, res.body, res.headers['connection']], [401, 'No ticket', '', 'close']);
  });

  it('accepts a space instead of the = between token id and secret', async () => {
    assert.equal((await raw('GET', '/api2/json/version', { auth: `PVEAPIToken=${sim.token.id} ${sim.token.secret}` })).status, 200);
  });

  it('puts the message in the reason phrase and, on 9.x, in the body with its trailing newline', async () => {
    const res = await raw('GET', '/api2/json/nodes/pve/qemu/999/status/current');
    assert.equal(res.status, 500);
    assert.equal(res.reason, "Configuration file 'nodes/pve/qemu-server/999.conf' does not exist");
    assert.deepEqual(JSON.parse(res.body), { data: null, message: "Configuration file 'nodes/pve/qemu-server/999.conf' does not exist\n" });
    assert.equal(res.headers['connection'], 'close');
  });

  it('refuses a bad vmid, forceStop=true and an unknown parameter with 400 and per-parameter errors', async () => {
    const vmid = await raw('GET', '/api2/json/nodes/pve/qemu/99/status/current');
    assert.deepEqual([vmid.status, vmid.reason], [400, 'Parameter verification failed.']);
    assert.deepEqual((JSON.parse(vmid.body) as { errors: unknown }).errors, { vmid: 'invalid format - value does not look like a valid VM ID' });
    const form = await raw('POST', '/api2/json/nodes/pve/qemu/101/status/shutdown', { body: 'forceStop=true&colour=red&skiplock=1' });
    assert.deepEqual((JSON.parse(form.body) as { errors: unknown }).errors, {
      forceStop: "type check ('boolean') failed - got 'true'",
      colour: 'property is not defined in schema and the schema does not allow additional properties',
      skiplock: 'Only root may use this option.',
    });
  });

  it('accepts a JSON body with real booleans', async () => {
    const res = await raw('POST', '/api2/json/nodes/pve/qemu/101/status/shutdown', { body: '{"forceStop":true,"timeout":5}', type: 'application/json' });
    assert.equal(res.status, 200);
    assert.match(JSON.parse(res.body).data, /^UPID:pve:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:qmshutdown:101:morpheus@pam!morpheus-token:$/);
  });

  it('answers unknown routes and GET bodies with 501', async () => {
    assert.deepEqual((({ status, reason }) => [status, reason])(await raw('GET', '/api2/json/nodes/pve/foo')), [
      501,
      "Method 'GET /nodes/pve/foo' not implemented",
    ]);
    assert.equal((await raw('GET', '/api2/extjs/version')).reason, 'no formatter for uri /version, extjs');
  });

  it('answers an unknown UPID with 400 "no such task"', async () => {
    const upid = encodeURIComponent('UPID:pve:00000001:00000001:00000001:qmstart:101:root@pam:');
    const res = await raw('GET', `/api2/json/nodes/pve/tasks/${upid}/status`);
    assert.deepEqual([res.status, (JSON.parse(res.body) as { errors: unknown }).errors], [400, { upid: 'no such task' }]);
  });

  it('answers a malformed %-escape in the path like any unknown VM id, not as a simulator failure', async () => {
    const res = await raw('GET', '/api2/json/nodes/pve/qemu/%E0%A4%A/status/current');
    assert.deepEqual([res.status, res.reason], [400, 'Parameter verification failed.']);
  });

  it('answers a malformed token header with 401 instead of failing', async () => {
    const res = await raw('GET', '/api2/json/version', { auth: 'PVEAPIToken=%E0%A4%A=x' });
    assert.deepEqual([res.status, res.reason], [401, 'Authentication failed!']);
  });
});
