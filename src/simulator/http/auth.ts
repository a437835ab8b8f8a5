import { timingSafeEqual } from 'node:crypto';
import type { Privilege } from '../scenario';
import { SimApiError } from '../model/sim-api-error';

export interface SimToken {
  readonly id: string;
  readonly secret: string;
  readonly privileges: 'all' | readonly Privilege[];
}

/**
 * Reads `Authorization: PVEAPIToken=USER@REALM!TOKENID=SECRET` as pveproxy does: split on the last
 * `=` (a space is accepted too), compare the secret, and delay every 401.
 */
export function authenticate(header: string | undefined, tokens: readonly SimToken[], delayMs: number): SimToken {
  if (!header) throw new SimApiError(401, 'No ticket', undefined, delayMs);
  const m = /^PVEAPIToken=(.+)$/.exec(header.trim());
  if (!m) throw new SimApiError(401, 'No ticket', undefined, delayMs);
  let value: string;
  try {
    value = decodeURIComponent(m[1]!);
  } catch {
    // A malformed %-escape: Perl's uri_unescape keeps it as is, and the lookup then fails.
    throw new SimApiError(401, 'Authentication failed!', undefined, delayMs);
  }
  const sep = value.includes('=') ? value.lastIndexOf('=') : value.indexOf(' ');
  const id = value.slice(0, sep);
  const secret = value.slice(sep + 1);
  const token = tokens.find((t) => t.id === id);
  if (sep < 0 || !token || !sameSecret(token.secret, secret)) throw new SimApiError(401, 'Authentication failed!', undefined, delayMs);
  return token;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const hasAny = (token: SimToken, privs: readonly Privilege[]): boolean =>
  token.privileges === 'all' || privs.some((p) => (token.privileges as readonly Privilege[]).includes(p));

/** 403 `Permission check failed (<path>, <Priv>)`; any-of checks join the privileges with `|`. */
export function requirePrivilege(token: SimToken, aclPath: string, privs: readonly Privilege[]): void {
  if (!hasAny(token, privs)) throw new SimApiError(403, `Permission check failed (${aclPath}, ${privs.join('|')})`);
}
