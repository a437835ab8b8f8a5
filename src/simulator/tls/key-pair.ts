import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** RSA 2048 is what Proxmox VE generates for node keys; EC P-256 is much faster to generate. */
export type KeyType = 'rsa' | 'ec';

export interface KeyPair {
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
  /** The public key as a DER SubjectPublicKeyInfo. */
  readonly spki: Buffer;
  /** The private key as PKCS#8 PEM, what a TLS server is given. */
  readonly pkcs8Pem: string;
}

/**
 * A fresh key pair. It is generated in encoded form and read back, so the KeyObjects used later
 * share nothing with the generation job: Node 20's crypto can deadlock when the garbage-collected
 * job of a key is destroyed while an export of that same key holds the key's lock and allocates
 * (seen once, with no CPU use for 10 minutes: an EC key generation job in a GC weak callback inside
 * `KeyObjectHandle::ExportJWK`). Nothing here exports to JWK either.
 */
export function generateKeyPair(keyType: KeyType): KeyPair {
  const publicKeyEncoding = { type: 'spki', format: 'der' } as const;
  const privateKeyEncoding = { type: 'pkcs8', format: 'pem' } as const;
  const { publicKey: spki, privateKey: pkcs8Pem } =
    keyType === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding, privateKeyEncoding })
      : generateKeyPairSync('ec', { namedCurve: 'prime256v1', publicKeyEncoding, privateKeyEncoding });
  return {
    publicKey: createPublicKey({ key: spki, format: 'der', type: 'spki' }),
    privateKey: createPrivateKey(pkcs8Pem),
    spki,
    pkcs8Pem,
  };
}

/** RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING's bits, as OpenSSL computes it. */
export function keyIdentifier(spki: Buffer): Buffer {
  return createHash('sha1').update(subjectPublicKeyBits(spki)).digest();
}

/**
 * The bits of a SubjectPublicKeyInfo's subjectPublicKey (`SEQUENCE { AlgorithmIdentifier, BIT STRING }`):
 * the PKCS#1 RSAPublicKey of an RSA key, the uncompressed point of an EC key.
 */
export function subjectPublicKeyBits(spki: Buffer): Buffer {
  const outer = readTlv(spki, 0, 0x30);
  const algorithm = readTlv(spki, outer.start, 0x30);
  const bits = readTlv(spki, algorithm.end, 0x03);
  if (spki[bits.start] !== 0) throw new TypeError('a SubjectPublicKeyInfo whose key is not a whole number of bytes');
  return spki.subarray(bits.start + 1, bits.end);
}

/** One DER TLV at `offset`: where its content starts and ends; throws unless its tag is `tag`. */
function readTlv(der: Buffer, offset: number, tag: number): { start: number; end: number } {
  if (der[offset] !== tag) throw new TypeError(`expected DER tag 0x${tag.toString(16)} at ${offset}, found 0x${(der[offset] ?? 0).toString(16)}`);
  const first = der[offset + 1] ?? 0;
  let length = first;
  let start = offset + 2;
  if (first & 0x80) {
    length = 0;
    for (let i = 0; i < (first & 0x7f); i++) length = length * 0x100 + (der[start + i] ?? 0);
    start += first & 0x7f;
  }
  if (start + length > der.length) throw new TypeError('a DER length past the end of the data');
  return { start, end: start + length };
}
