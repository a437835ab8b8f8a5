import type { KeyObject } from 'node:crypto';
import * as der from './der';
import { OID } from './oids';

/** The AlgorithmIdentifier for a SHA-256 signature by this key (RSA takes explicit NULL parameters, ECDSA none). */
export function signatureAlgorithm(signingKey: KeyObject): Buffer {
  if (signingKey.asymmetricKeyType === 'rsa') return der.sequence(der.oid(OID.sha256WithRSAEncryption), der.NULL);
  if (signingKey.asymmetricKeyType === 'ec') return der.sequence(der.oid(OID.ecdsaWithSHA256));
  throw new TypeError(`unsupported signing key type ${String(signingKey.asymmetricKeyType)}`);
}
