import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { createServer, get, type RequestOptions, type ServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { createCertificateAuthority, createPveCertificates, issueNodeCertificate } from '../../../src/simulator/tls/certificate';

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_SANS = 'IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:localhost, DNS:pve, DNS:pve.morpheus.invalid';

const lifetimeDays = (cert: X509Certificate): number => (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / DAY_MS;

describe('createPveCertificates (default RSA 2048)', () => {
  const before = Date.now();
  const certs = createPveCertificates();
  const ca = new X509Certificate(certs.caCertPem);
  const node = new X509Certificate(certs.certPem);

  it('makes a self-signed Proxmox cluster CA valid for 10 years', () => {
    assert.match(
      ca.subject,
      /^CN=Proxmox Virtual Environment\nOU=[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\nO=PVE Cluster Manager CA$/,
    );
    assert.equal(ca.issuer, ca.subject);
    assert.equal(ca.ca, true);
    assert.equal(ca.checkIssued(ca), true);
    assert.equal(ca.verify(ca.publicKey), true);
    assert.equal(lifetimeDays(ca), 3650);
    assert.equal(ca.publicKey.asymmetricKeyType, 'rsa');
    assert.equal(ca.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
    assert.match(ca.serialNumber, /^[0-9A-F]{32}$/);
    assert.equal(certs.caFingerprint256, ca.fingerprint256);
  });

  it('issues a node certificate for pve.morpheus.invalid valid for 2 years', () => {
    assert.equal(node.subject, 'OU=PVE Cluster Node\nO=Proxmox Virtual Environment\nCN=pve.morpheus.invalid');
    assert.equal(node.issuer, ca.subject);
    assert.equal(node.subjectAltName, DEFAULT_SANS);
    assert.equal(node.ca, false);
    assert.deepEqual(node.keyUsage, ['1.3.6.1.5.5.7.3.1']); // Node reports extKeyUsage here: serverAuth
    assert.equal(node.checkIssued(ca), true);
    assert.equal(node.verify(ca.publicKey), true);
    assert.equal(lifetimeDays(node), 730);
    const validFrom = Date.parse(node.validFrom);
    assert.ok(validFrom >= before - 1000 && validFrom <= Date.now(), node.validFrom);
    assert.match(node.serialNumber, /^[0-9A-F]{32}$/);
    assert.notEqual(node.serialNumber, ca.serialNumber);
  });

  it('returns the fingerprint as Proxmox shows it, and a PKCS#8 key matching the certificate', () => {
    assert.match(certs.fingerprint256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.equal(certs.fingerprint256, node.fingerprint256);
    assert.match(certs.keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.equal(node.checkPrivateKey(createPrivateKey(certs.keyPem)), true);
    assert.equal(node.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
  });
});

describe('certificate options', () => {
  const ca = createCertificateAuthority({ keyType: 'ec' });
  const caCert = new X509Certificate(ca.certPem);

  it('signs with ECDSA P-256 when asked', () => {
    const node = new X509Certificate(issueNodeCertificate(ca, { keyType: 'ec' }).certPem);
    assert.equal(caCert.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.equal(node.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.equal(node.verify(caCert.publicKey), true);
    assert.equal(node.checkIssued(caCert), true);
  });

  it('an RSA node certificate can be issued by an EC CA', () => {
    const issued = issueNodeCertificate(ca);
    const node = new X509Certificate(issued.certPem);
    assert.equal(node.publicKey.asymmetricKeyType, 'rsa');
    assert.equal(node.verify(caCert.publicKey), true);
  });

  it('gives every CA its own UUID and key', () => {
    const other = new X509Certificate(createCertificateAuthority({ keyType: 'ec' }).certPem);
    assert.notEqual(other.subject, caCert.subject);
    assert.equal(new X509Certificate(issueNodeCertificate(ca, { keyType: 'ec' }).certPem).verify(other.publicKey), false);
  });

  it('names the node, adds extra names after the Proxmox defaults, and drops duplicates', () => {
    const node = new X509Certificate(
      issueNodeCertificate(ca, {
        keyType: 'ec',
        nodeName: 'node1',
        fqdn: 'node1.lab.example',
        extraIps: ['192.0.2.10', 'fd00::1:2', '::ffff:192.0.2.1', '127.0.0.1'],
        extraDnsNames: ['pve.lab.example', 'LOCALHOST'],
      }).certPem,
    );
    assert.equal(node.subject, 'OU=PVE Cluster Node\nO=Proxmox Virtual Environment\nCN=node1.lab.example');
    assert.equal(
      node.subjectAltName,
      'IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:localhost, IP Address:192.0.2.10, IP Address:FD00:0:0:0:0:0:1:2, ' +
        'IP Address:0:0:0:0:0:FFFF:C000:201, DNS:node1, DNS:node1.lab.example, DNS:pve.lab.example',
    );
  });

  it('takes notBefore/notAfter overrides, in UTCTime and GeneralizedTime ranges', () => {
    const notBefore = new Date('1949-12-31T23:59:59Z');
    const notAfter = new Date('2060-01-02T03:04:05Z');
    const cert = new X509Certificate(createCertificateAuthority({ keyType: 'ec', notBefore, notAfter }).certPem);
    assert.equal(cert.validFrom, 'Dec 31 23:59:59 1949 GMT');
    assert.equal(cert.validTo, 'Jan  2 03:04:05 2060 GMT');
    const utc = new X509Certificate(issueNodeCertificate(ca, { keyType: 'ec', notBefore: new Date('2049-12-31T23:59:59Z') }).certPem);
    assert.equal(utc.validFrom, 'Dec 31 23:59:59 2049 GMT');
    assert.equal(utc.validTo, 'Dec 31 23:59:59 2051 GMT');
  });

  it('backdates notBefore by the default lifetime when only notAfter is given', () => {
    const notAfter = new Date('2020-06-01T00:00:00Z');
    const node = new X509Certificate(issueNodeCertificate(ca, { keyType: 'ec', notAfter }).certPem);
    assert.equal(Date.parse(node.validTo), notAfter.getTime());
    assert.equal(lifetimeDays(node), 730);
  });

  it('rejects an empty validity period', () => {
    const when = new Date('2030-01-01T00:00:00Z');
    assert.throws(() => issueNodeCertificate(ca, { keyType: 'ec', notBefore: when, notAfter: when }), RangeError);
  });

  it('rejects names that cannot go in a certificate', () => {
    assert.throws(() => issueNodeCertificate(ca, { keyType: 'ec', extraDnsNames: ['bad name'] }), TypeError);
    assert.throws(() => issueNodeCertificate(ca, { keyType: 'ec', extraIps: ['300.1.1.1'] }), TypeError);
    assert.throws(() => issueNodeCertificate(ca, { keyType: 'ec', fqdn: 'under_score.example' }), TypeError);
  });
});

describe('HTTPS end to end', () => {
  const certs = createPveCertificates({ keyType: 'ec' });
  const ca = createCertificateAuthority({ keyType: 'ec' });
  const expired = issueNodeCertificate(ca, { keyType: 'ec', notAfter: new Date(Date.now() - DAY_MS) });
  const otherCa = createCertificateAuthority({ keyType: 'ec' });

  async function withServer(options: ServerOptions, run: (port: number) => Promise<void>): Promise<void> {
    const server = createServer(options, (_req, res) => res.end('ok'));
    try {
      await once(server.listen(0, '127.0.0.1'), 'listening');
      await run((server.address() as AddressInfo).port);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }

  function fetchBody(port: number, options: RequestOptions): Promise<string> {
    return new Promise((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: '/', agent: false, ...options }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body)).on('error', reject);
      }).on('error', reject);
    });
  }

  // pveproxy serves only the node certificate, not the chain.
  const leafOnly: ServerOptions = { cert: certs.certPem, key: certs.keyPem };

  it('(a) verifies the chain against the CA, by name or by IP', async () => {
    await withServer(leafOnly, async (port) => {
      assert.equal(await fetchBody(port, { ca: certs.caCertPem, servername: 'localhost' }), 'ok');
      assert.equal(await fetchBody(port, { ca: certs.caCertPem, servername: 'pve.morpheus.invalid' }), 'ok');
      assert.equal(await fetchBody(port, { ca: certs.caCertPem }), 'ok');
    });
  });

  it('(a) still checks the host name', async () => {
    await withServer(leafOnly, async (port) => {
      await assert.rejects(fetchBody(port, { ca: certs.caCertPem, servername: 'elsewhere.invalid' }), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    });
  });

  it('(b) fails without the CA', async () => {
    await withServer(leafOnly, async (port) => {
      await assert.rejects(fetchBody(port, { servername: 'localhost' }), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    });
    // Only a server that also sends the CA produces the self-signed-chain error.
    await withServer({ cert: certs.certPem + certs.caCertPem, key: certs.keyPem }, async (port) => {
      await assert.rejects(fetchBody(port, { servername: 'localhost' }), { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    });
  });

  it('(c) fails on an expired node certificate even with the CA', async () => {
    await withServer({ cert: expired.certPem, key: expired.keyPem }, async (port) => {
      await assert.rejects(fetchBody(port, { ca: ca.certPem, servername: 'localhost' }), { code: 'CERT_HAS_EXPIRED' });
    });
  });

  it('(d) fails against a different CA', async () => {
    await withServer(leafOnly, async (port) => {
      await assert.rejects(fetchBody(port, { ca: otherCa.certPem, servername: 'localhost' }), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    });
  });
});
