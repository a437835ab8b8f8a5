import assert from 'node:assert/strict';
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { createPveCertificates } from '../../../src/simulator/tls/certificate';
import { generateKeyPair, keyIdentifier, subjectPublicKeyBits } from '../../../src/simulator/tls/key-pair';

describe('simulator key pairs', () => {
  it('reads the EC point out of the SubjectPublicKeyInfo (the last 65 bytes of a P-256 one)', () => {
    const { spki, publicKey } = generateKeyPair('ec');
    const bits = subjectPublicKeyBits(spki);
    assert.equal(bits.length, 65);
    assert.equal(bits[0], 0x04, 'an uncompressed point');
    assert.deepEqual(bits, spki.subarray(spki.length - 65));
    assert.deepEqual(publicKey.export({ type: 'spki', format: 'der' }), spki);
  });

  it('reads the PKCS#1 RSAPublicKey out of an RSA SubjectPublicKeyInfo', () => {
    const { spki, publicKey } = generateKeyPair('rsa');
    assert.deepEqual(subjectPublicKeyBits(spki), publicKey.export({ type: 'pkcs1', format: 'der' }));
  });

  it('gives the private key as PKCS#8 PEM, matching the public key', () => {
    const certs = createPveCertificates({ keyType: 'ec' });
    assert.match(certs.keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.equal(new X509Certificate(certs.certPem).checkPrivateKey(createPrivateKey(certs.keyPem)), true);
  });

  it('names a key by the SHA-1 of its key bits (RFC 5280 method 1), as OpenSSL does', () => {
    const { spki } = generateKeyPair('ec');
    assert.deepEqual(
      keyIdentifier(spki),
      createHash('sha1')
        .update(spki.subarray(spki.length - 65))
        .digest(),
    );
  });

  it('refuses DER that is not a SubjectPublicKeyInfo', () => {
    assert.throws(() => subjectPublicKeyBits(Buffer.from('3003020101', 'hex')), /expected DER tag 0x30 at 2/);
    assert.throws(() => subjectPublicKeyBits(Buffer.from('3010', 'hex')), /past the end/);
  });
});
