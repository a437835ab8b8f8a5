import { ExitCode, MorpheusError, type MorpheusErrorOptions } from '../errors';

/** Where a failed call went: method, API path and, when the call concerned one, the VM. */
export interface Endpoint {
  readonly method: string;
  readonly path: string;
  readonly vmid?: number | undefined;
}

export const describeEndpoint = (e: Endpoint): string => `${e.method} ${e.path}`;
const vmPrefix = (e: Endpoint): string => (e.vmid === undefined ? '' : `VM ${e.vmid}: `);

interface ProxmoxErrorOptions extends MorpheusErrorOptions {
  status?: number | undefined;
  /** Proxmox's own text: the reason phrase, the body `message`, or the task exit status. */
  proxmoxMessage?: string | undefined;
}

/**
 * Base of every failure of a Proxmox call. `retryable` says whether trying again may help; activities
 * turn it into Temporal's non-retryable flag. Messages never carry the token secret: they are built
 * only from the endpoint, the status and Proxmox's own text.
 */
export abstract class ProxmoxError extends MorpheusError {
  abstract readonly retryable: boolean;
  readonly endpoint: Endpoint;
  /** The message without the VM and the endpoint around it, to restate the error in another's words. */
  readonly detail: string;
  readonly status: number | undefined;
  readonly proxmoxMessage: string | undefined;

  constructor(endpoint: Endpoint, message: string, options: ProxmoxErrorOptions = {}) {
    super(`${vmPrefix(endpoint)}${message} (${describeEndpoint(endpoint)})`, options);
    this.endpoint = endpoint;
    this.detail = message;
    this.status = options.status;
    this.proxmoxMessage = options.proxmoxMessage;
  }
}

/** Thrown when Proxmox answers 401: the token id or secret is wrong, expired or disabled. */
export class ProxmoxAuthError extends ProxmoxError {
  override readonly name = 'ProxmoxAuthError';
  readonly code = 'PROXMOX_AUTH';
  readonly exitCode = ExitCode.auth;
  readonly retryable = false;
}

/** Thrown when Proxmox answers 403; names the ACL path and privilege Proxmox asked for. */
export class ProxmoxPermissionError extends ProxmoxError {
  override readonly name = 'ProxmoxPermissionError';
  readonly code = 'PROXMOX_PERMISSION';
  readonly exitCode = ExitCode.auth;
  readonly retryable = false;
  readonly aclPath: string | undefined;
  readonly privilege: string | undefined;

  constructor(endpoint: Endpoint, message: string, options: ProxmoxErrorOptions & { aclPath?: string; privilege?: string }) {
    super(endpoint, message, options);
    this.aclPath = options.aclPath;
    this.privilege = options.privilege;
  }
}

/** Thrown when the VM does not exist on the node (Proxmox answers 500 "Configuration file … does not exist"). */
export class ProxmoxVmNotFoundError extends ProxmoxError {
  override readonly name = 'ProxmoxVmNotFoundError';
  readonly code = 'PROXMOX_VM_NOT_FOUND';
  readonly exitCode = ExitCode.failed;
  readonly retryable = false;
}

/** Thrown when a VM lock (backup, snapshot, migrate, …) or the per-VM lock file refuses the action. */
export class ProxmoxVmLockedError extends ProxmoxError {
  override readonly name = 'ProxmoxVmLockedError';
  readonly code = 'PROXMOX_VM_LOCKED';
  readonly exitCode = ExitCode.failed;
  // Locks are usually brief (a backup, a snapshot); the caller's retry policy bounds the wait.
  readonly retryable = true;
}

/**
 * Thrown on 500 `VM is paused - cannot shutdown` (qmpstatus paused, prelaunch or suspended): the guest
 * cannot see an ACPI request, and only a forced stop would end it, losing its suspended state. Waiting
 * does not change that, so Morpheus stops and asks instead of retrying.
 */
export class ProxmoxVmPausedError extends ProxmoxError {
  override readonly name = 'ProxmoxVmPausedError';
  readonly code = 'PROXMOX_VM_PAUSED';
  readonly exitCode = ExitCode.failed;
  readonly retryable = false;
}

/** Thrown on 400 "Parameter verification failed."; `errors` maps each parameter to Proxmox's complaint. */
export class ProxmoxValidationError extends ProxmoxError {
  override readonly name = 'ProxmoxValidationError';
  readonly code = 'PROXMOX_VALIDATION';
  readonly exitCode = ExitCode.failed;
  readonly retryable = false;
  readonly errors: Readonly<Record<string, string>>;

  constructor(endpoint: Endpoint, message: string, options: ProxmoxErrorOptions & { errors: Record<string, string> }) {
    super(endpoint, message, options);
    this.errors = options.errors;
  }
}

/** Thrown when another VM holds the PCI device a start needs (Proxmox's last line of defence). */
export class ProxmoxPciBusyError extends ProxmoxError {
  override readonly name = 'ProxmoxPciBusyError';
  readonly code = 'PROXMOX_PCI_BUSY';
  readonly exitCode = ExitCode.failed;
  readonly retryable = false;
}

/** Thrown when a Proxmox task ends with an exit status other than OK or WARNINGS. */
export class ProxmoxTaskFailedError extends ProxmoxError {
  override readonly name = 'ProxmoxTaskFailedError';
  readonly code = 'PROXMOX_TASK_FAILED';
  readonly exitCode = ExitCode.failed;
  readonly retryable = false;
  readonly upid: string;

  constructor(endpoint: Endpoint, message: string, options: ProxmoxErrorOptions & { upid: string }) {
    super(endpoint, message, options);
    this.upid = options.upid;
  }
}

/** Thrown on failures that may pass: 5xx, 595/596, resets, refused connections, timeouts, truncated bodies. */
export class ProxmoxTransientError extends ProxmoxError {
  override readonly name: string = 'ProxmoxTransientError';
  readonly code = 'PROXMOX_UNAVAILABLE';
  readonly exitCode = ExitCode.unreachable;
  readonly retryable = true;
}

/** Thrown when a Proxmox task is still running at the end of a wait; the task may still succeed. */
export class ProxmoxTaskRunningError extends ProxmoxTransientError {
  override readonly name = 'ProxmoxTaskRunningError';
}

/** Thrown when the server's certificate does not match the pin, the CA, or is otherwise not trusted. */
export class ProxmoxTlsError extends ProxmoxError {
  override readonly name = 'ProxmoxTlsError';
  readonly code = 'PROXMOX_TLS';
  readonly exitCode = ExitCode.unreachable;
  readonly retryable = false;
}

/**
 * Thrown when Proxmox answers 2xx with a body that is not what its API documents. Non-retryable when
 * the same read got that answer every time (an incompatibility); retryable when it was a one-off, or
 * the answer to a write that may have taken effect (the caller re-checks the VM before trying again).
 */
export class ProxmoxResponseError extends ProxmoxError {
  override readonly name = 'ProxmoxResponseError';
  readonly code = 'PROXMOX_BAD_RESPONSE';
  readonly exitCode = ExitCode.failed;
  readonly retryable: boolean;

  constructor(endpoint: Endpoint, message: string, options: ProxmoxErrorOptions & { retryable?: boolean } = {}) {
    super(endpoint, message, options);
    this.retryable = options.retryable ?? false;
  }
}

/** Thrown on any other HTTP error (unknown path 501, other 4xx). */
export class ProxmoxHttpError extends ProxmoxError {
  override readonly name = 'ProxmoxHttpError';
  readonly code = 'PROXMOX_HTTP';
  readonly exitCode = ExitCode.failed;
  readonly retryable = false;
}
