import { sign, type KeyObject } from 'node:crypto';
import * as der from './der';
import { signatureAlgorithm } from './signature-algorithm';

export interface CertificateFields {
  readonly serialNumber: Buffer;
  /** DER Names; an issued certificate's issuer is the issuer certificate's subject, byte for byte. */
  readonly issuer: Buffer;
  readonly subject: Buffer;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: KeyObject;
  /** DER Extension values. */
  readonly extensions: readonly Buffer[];
  readonly signingKey: KeyObject;
}

/** Builds and signs an X.509 v3 certificate (RFC 5280 4.1), returning its DER. */
export function buildCertificate(fields: CertificateFields): Buffer {
  if (fields.notAfter.getTime() <= fields.notBefore.getTime()) throw new RangeError('notAfter must be later than notBefore');
  const algorithm = signatureAlgorithm(fields.signingKey);
  const tbsCertificate = der.sequence(
    der.explicit(0, der.integer(2n)), // v3
    der.integer(fields.serialNumber),
    algorithm,
    fields.issuer,
    der.sequence(der.time(fields.notBefore), der.time(fields.notAfter)),
    fields.subject,
    fields.publicKey.export({ type: 'spki', format: 'der' }),
    der.explicit(3, der.sequence(...fields.extensions)),
  );
  // sha256 with an RSA key is PKCS#1 v1.5; with an EC key Node emits the DER ECDSA-Sig-Value X.509 expects.
  return der.sequence(tbsCertificate, algorithm, der.bitString(sign('sha256', tbsCertificate, fields.signingKey)));
}
