import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** RSA 2048 is what Proxmox VE generates for node keys; EC P-256 is much faster to generate. */
export type KeyType = 'rsa' | 'ec';

export interface KeyPair {
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
}

export function generateKeyPair(keyType: KeyType): KeyPair {
  return keyType === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}

/** RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING's bits, as OpenSSL computes it. */
export function keyIdentifier(publicKey: KeyObject): Buffer {
  return createHash('sha1').update(subjectPublicKeyBits(publicKey)).digest();
}

function subjectPublicKeyBits(publicKey: KeyObject): Buffer {
  if (publicKey.asymmetricKeyType === 'rsa') return publicKey.export({ type: 'pkcs1', format: 'der' });
  if (publicKey.asymmetricKeyType === 'ec') {
    const { x, y } = publicKey.export({ format: 'jwk' });
    // The uncompressed SEC1 point, which is what an EC SubjectPublicKeyInfo carries.
    return Buffer.concat([Buffer.of(0x04), Buffer.from(x ?? '', 'base64url'), Buffer.from(y ?? '', 'base64url')]);
  }
  throw new TypeError(`unsupported key type ${String(publicKey.asymmetricKeyType)}`);
}
