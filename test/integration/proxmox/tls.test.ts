import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { ProxmoxTlsError, ProxmoxTransientError } from '../../../src/proxmox/errors';
import { createCertificateAuthority } from '../../../src/simulator/tls/certificate';
import { rejectsWith } from '../../support/errors';
import { startTestSimulator, type TestSimulator } from '../../support/simulator';

const WRONG_PIN = Array.from({ length: 32 }, () => 'AB').join(':');

/** A plain-HTTP request to the simulator's port, to see pveproxy's redirect. */
function plainHttp(port: number, method: string, path: string): Promise<{ status: number | undefined; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, agent: false }, (res) => {
      res.resume();
      resolve({ status: res.statusCode, location: res.headers.location });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('ProxmoxClient TLS policies against the simulator', () => {
  let sim: TestSimulator;
  let secrets: string[];
  before(async () => {
    sim = await startTestSimulator();
    secrets = sim.tokens.map((t) => t.secret);
  });
  after(() => sim.close());

  it('accepts the pinned fingerprint, in any case', async () => {
    assert.equal((await sim.client().version()).release, '9.0');
    assert.equal((await sim.client({ tls: { verify: true, fingerprint: sim.fingerprint.toLowerCase() } }).version()).release, '9.0');
  });

  it('refuses a wrong pin with a ProxmoxTlsError whose hint says how to read the fingerprint', async () => {
    const err = await rejectsWith(sim.client({ tls: { verify: true, fingerprint: WRONG_PIN } }).version(), ProxmoxTlsError, secrets);
    assert.equal(err.retryable, false);
    assert.match(err.message, /MORPHEUS_FINGERPRINT_MISMATCH/);
    assert.ok(err.message.includes(sim.fingerprint), 'names the presented certificate');
    assert.match(err.hint ?? '', /pvenode cert info/);
  });

  it('pins even when verification is off', async () => {
    await rejectsWith(sim.client({ tls: { verify: false, fingerprint: WRONG_PIN } }).version(), ProxmoxTlsError, secrets);
  });

  it("accepts the cluster CA (pve-root-ca.pem) with verification on, since 127.0.0.1 is in the node certificate's SANs", async () => {
    assert.equal((await sim.client({ tls: { verify: true, ca: sim.caPem } }).version()).release, '9.0');
  });

  it('refuses a CA that did not sign the node certificate', async () => {
    const other = createCertificateAuthority({ keyType: 'ec' });
    const err = await rejectsWith(sim.client({ tls: { verify: true, ca: other.certPem } }).version(), ProxmoxTlsError, secrets);
    assert.match(err.hint ?? '', /pvenode cert info/);
  });

  it('refuses an expired node certificate even with the right CA, but accepts it under a pin', async () => {
    const expired = await startTestSimulator({ nodeCertValidity: { notBefore: new Date('2020-01-01'), notAfter: new Date('2022-01-01') } });
    try {
      const err = await rejectsWith(expired.client({ tls: { verify: true, ca: expired.caPem } }).version(), ProxmoxTlsError, secrets);
      assert.match(err.message, /CERT_HAS_EXPIRED/);
      // A pin names one certificate exactly, as pveproxy's own node-to-node pinning does; dates don't matter.
      assert.equal((await expired.client().version()).release, '9.0');
    } finally {
      await expired.close();
    }
  });

  it('refuses the self-signed chain when verification is on without a pin or CA', async () => {
    const err = await rejectsWith(sim.client({ tls: { verify: true } }).version(), ProxmoxTlsError, secrets);
    assert.match(err.message, /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER/);
  });

  it('accepts anything when verification is explicitly off', async () => {
    assert.equal((await sim.client({ tls: { verify: false } }).version()).release, '9.0');
  });

  it('answers plain HTTP on the API port with a redirect to https: 301 for GET, 308 for POST', async () => {
    assert.deepEqual(await plainHttp(sim.port, 'GET', '/api2/json/version'), { status: 301, location: `https://127.0.0.1:${sim.port}/api2/json/version` });
    assert.deepEqual(await plainHttp(sim.port, 'POST', '/api2/json/nodes/pve/qemu/101/status/stop'), {
      status: 308,
      location: `https://127.0.0.1:${sim.port}/api2/json/nodes/pve/qemu/101/status/stop`,
    });
  });

  it('turns a refused connection into a retryable ProxmoxTransientError', async () => {
    const closed = await startTestSimulator();
    const port = closed.port;
    await closed.close();
    const err = await rejectsWith(sim.client({ port }).version(), ProxmoxTransientError, secrets);
    assert.equal(err.retryable, true);
    assert.match(err.message, /ECONNREFUSED/);
  });
});
