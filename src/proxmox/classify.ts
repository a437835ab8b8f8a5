import { ErrorBodySchema } from './schemas';
import {
  type Endpoint,
  type ProxmoxError,
  ProxmoxAuthError,
  ProxmoxHttpError,
  ProxmoxPciBusyError,
  ProxmoxPermissionError,
  ProxmoxTaskFailedError,
  ProxmoxTlsError,
  ProxmoxTransientError,
  ProxmoxValidationError,
  ProxmoxVmLockedError,
  ProxmoxVmNotFoundError,
  ProxmoxVmPausedError,
} from './errors';

/** An HTTP answer with status ≥ 300, as received. */
export interface HttpFailure {
  readonly status: number;
  /** The reason phrase: on every PVE version the first line of the error text. */
  readonly reason: string;
  readonly body: string;
}

export interface ClassifyContext {
  /** The token id (never the secret), to make permission hints copy-pasteable. */
  readonly tokenId?: string | undefined;
}

const NOT_FOUND = /Configuration file '[^']*' does not exist|unable to find configuration file for VM/;
const LOCKED = /VM is locked \(([^)]*)\)|can't lock file '[^']*' - got timeout/;
const PAUSED = /VM is paused - cannot shutdown/;
const PCI_BUSY = /PCI device '[^']*' (?:already in use by VMID '\d+'|is currently reserved for use by VMID '\d+')|could not find a free device for '[^']*'/;
const PERMISSION = /Permission check failed \(([^,]+), ([^)]+)\)/;

/** Proxmox's own words: the JSON body's `message` on PVE ≥ 8.3.x, else the reason phrase. */
export function proxmoxMessageOf(f: HttpFailure): { message: string; errors: Record<string, string> | undefined } {
  let parsed: unknown;
  try {
    parsed = f.body === '' ? undefined : JSON.parse(f.body);
  } catch {
    parsed = undefined;
  }
  const body = ErrorBodySchema.safeParse(parsed);
  const fromBody = body.success ? body.data.message?.trim() : undefined;
  return { message: fromBody || f.reason.trim(), errors: body.success ? body.data.errors : undefined };
}

/** Maps a non-2xx answer to the typed error that says what happened and whether to retry. */
export function classifyHttpFailure(endpoint: Endpoint, f: HttpFailure, ctx: ClassifyContext = {}): ProxmoxError {
  const { message, errors } = proxmoxMessageOf(f);
  const common = { status: f.status, proxmoxMessage: message };
  const quoted = `Proxmox said ${f.status} "${message}"`;

  if (f.status === 401) {
    return new ProxmoxAuthError(endpoint, `authentication failed: ${quoted}`, {
      ...common,
      hint: 'check proxmox.api_token_id and proxmox.api_token_secret; the token may be wrong, expired, disabled or deleted (Datacenter → Permissions → API Tokens)',
    });
  }
  if (f.status === 403) {
    const m = PERMISSION.exec(message);
    const aclPath = m?.[1];
    const privilege = m?.[2];
    const token = ctx.tokenId ?? '<token id>';
    return new ProxmoxPermissionError(
      endpoint,
      privilege ? `permission denied: the API token lacks ${privilege} on ${aclPath}: ${quoted}` : `permission denied: ${quoted}`,
      {
        ...common,
        ...(aclPath !== undefined && { aclPath }),
        ...(privilege !== undefined && { privilege }),
        hint: `grant it, e.g. \`pveum acl modify ${aclPath ?? '/vms'} --tokens '${token}' --roles PVEVMAdmin\`; a token with privilege separation needs its own ACL entry (see docs/proxmox-setup.md)`,
      },
    );
  }
  if (f.status === 400) {
    const details = errors
      ? Object.entries(errors)
          .map(([k, v]) => `${k}: ${v.replace(/\n/g, '; ')}`)
          .join('; ')
      : '';
    return new ProxmoxValidationError(endpoint, `Proxmox refused the parameters: ${details || message}`, {
      ...common,
      errors: errors ?? {},
    });
  }
  // 501 is pve-http-server's "not implemented" (unknown path or method): retrying cannot help.
  if (f.status >= 500 && f.status !== 501) {
    if (NOT_FOUND.test(message)) return new ProxmoxVmNotFoundError(endpoint, `VM does not exist on this node: ${quoted}`, common);
    const lock = LOCKED.exec(message);
    if (lock) return new ProxmoxVmLockedError(endpoint, `VM is locked: ${quoted}`, common);
    if (PAUSED.test(message)) {
      const vmid = endpoint.vmid ?? '<vmid>';
      return new ProxmoxVmPausedError(endpoint, `paused (suspended), so it cannot shut down cleanly: ${quoted}`, {
        ...common,
        hint: `resume it (\`qm resume ${vmid}\`) so it can shut down cleanly, or stop it in Proxmox if its suspended state may be lost; then switch again`,
      });
    }
    return new ProxmoxTransientError(endpoint, `Proxmox failed: ${quoted}`, common);
  }
  if (f.status >= 300 && f.status < 400) {
    return new ProxmoxHttpError(endpoint, `unexpected redirect: ${quoted}`, {
      ...common,
      hint: 'Proxmox answers plain HTTP with a redirect: make sure the host and port point at the HTTPS API (port 8006)',
    });
  }
  return new ProxmoxHttpError(endpoint, `request failed: ${quoted}`, {
    ...common,
    ...(f.status === 501 && { hint: 'the server does not implement this API path: is proxmox.host a Proxmox VE node?' }),
  });
}

/** True for the exit statuses Proxmox counts as success: `OK` and `WARNINGS: n`. */
export function isTaskSuccess(exitstatus: string): boolean {
  return exitstatus === 'OK' || /^WARNINGS: \d+$/.test(exitstatus);
}

/** Maps a failed task's exit status to a typed error. */
export function classifyTaskFailure(endpoint: Endpoint, upid: string, exitstatus: string): ProxmoxError {
  const common = { proxmoxMessage: exitstatus };
  const quoted = `task ${upid} failed: "${exitstatus}"`;
  if (NOT_FOUND.test(exitstatus)) return new ProxmoxVmNotFoundError(endpoint, `VM does not exist on this node: ${quoted}`, common);
  if (LOCKED.test(exitstatus)) return new ProxmoxVmLockedError(endpoint, `VM is locked: ${quoted}`, common);
  if (PCI_BUSY.test(exitstatus)) {
    return new ProxmoxPciBusyError(endpoint, `PCI device busy: ${quoted}`, {
      ...common,
      hint: 'another VM holds the passed-through device; stop it first (`morpheus mode list` shows GPU holders)',
    });
  }
  return new ProxmoxTaskFailedError(endpoint, quoted, { ...common, upid });
}

// Node's names for OpenSSL's certificate verification failures (X509_V_ERR_*): none passes by retrying.
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'CERT_SIGNATURE_FAILURE',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'PATH_LENGTH_EXCEEDED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'MORPHEUS_FINGERPRINT_MISMATCH',
  // The port does not speak TLS at all: retrying will not change that.
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

export const TLS_HINT =
  "pin the node's certificate: read its SHA-256 fingerprint on the host with `pvenode cert info` (or GUI: Node → System → Certificates) and set proxmox.fingerprint, or set proxmox.ca_file to a copy of /etc/pve/pve-root-ca.pem";

/** A pin that stopped matching is most often a renewed certificate; a CA survives renewals, a pin does not. */
export const FINGERPRINT_CHANGED_HINT =
  "if the node renewed its certificate (about every 2 years, every 60 days with ACME, or after `pvecm updatecerts --force`), trust the cluster CA instead, which survives renewals: set proxmox.ca_file to a copy of /etc/pve/pve-root-ca.pem and drop proxmox.fingerprint; or read the new fingerprint with `pvenode cert info` and update proxmox.fingerprint. If the host's certificate did not change, something else answers at this address";

/** Maps a transport failure (no HTTP answer) to a typed error. */
export function classifyTransportFailure(endpoint: Endpoint, err: unknown): ProxmoxError {
  const codes = errorCodes(err);
  const text = errorText(err);
  const tlsCode = codes.find((c) => TLS_CODES.has(c));
  if (tlsCode) {
    // The error text may start with the code too; say it once.
    const message = `TLS verification failed (${tlsCode}): ${text.startsWith(`${tlsCode} `) ? text.slice(tlsCode.length + 1) : text}`;
    const expired = tlsCode === 'CERT_HAS_EXPIRED' || tlsCode === 'CERT_NOT_YET_VALID';
    const hint =
      tlsCode === 'MORPHEUS_FINGERPRINT_MISMATCH'
        ? FINGERPRINT_CHANGED_HINT
        : expired
          ? `the node's certificate is outside its validity dates: renew it on the host with \`pvecm updatecerts --force\` (and check both clocks), or ${TLS_HINT}`
          : TLS_HINT;
    return new ProxmoxTlsError(endpoint, message, { cause: err, hint });
  }
  return new ProxmoxTransientError(endpoint, `cannot reach Proxmox: ${text}`, {
    cause: err,
    hint: 'check proxmox.host and proxmox.port, and that this machine can reach the host (VPN, firewall)',
  });
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** True when a transport failure is a timeout: the host did not answer in time (trying again costs as long). */
export function isTimeoutFailure(err: unknown): boolean {
  return errorCodes(err).some((c) => TIMEOUT_CODES.has(c));
}

/** Error codes along the cause chain (undici wraps socket errors). */
function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}

function errorText(err: unknown): string {
  const parts: string[] = [];
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const msg = (e as { message?: unknown }).message;
    const code = (e as { code?: unknown }).code;
    const piece = [typeof code === 'string' ? code : '', typeof msg === 'string' ? msg : ''].filter(Boolean).join(' ');
    if (piece && !parts.includes(piece)) parts.push(piece);
  }
  return parts.join(': ') || String(err);
}
