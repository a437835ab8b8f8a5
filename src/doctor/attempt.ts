import { isNoAnswer } from '../host/wake-on-lan';
import { ProxmoxAuthError, ProxmoxError, ProxmoxPermissionError, ProxmoxTlsError } from '../proxmox/errors';
import type { FactError, Outcome } from './facts';

/** What kind of failure a Proxmox error is, for the checks. */
export function factError(err: ProxmoxError): FactError {
  const kind =
    err instanceof ProxmoxTlsError
      ? 'tls'
      : err instanceof ProxmoxAuthError
        ? 'auth'
        : err instanceof ProxmoxPermissionError
          ? 'permission'
          : isNoAnswer(err)
            ? 'no-answer'
            : 'other';
  return { kind, message: err.message };
}

/** Runs one read; a Proxmox failure becomes a fact, anything else is a bug and propagates. */
export async function attempt<T>(read: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (err) {
    if (err instanceof ProxmoxError) return { ok: false, error: factError(err) };
    throw err;
  }
}
