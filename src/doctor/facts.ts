import type { LoadedConfig } from '../config';
import type { PciDevice, PciMapping, VmConfig, Version, VmStatusValue } from '../proxmox/schemas';

// What `morpheus doctor` gathers before it judges anything: plain data, read once, so the checks
// (checks-*.ts) are pure functions of it and can be tested without a host.

/** A read that worked, or how it failed. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: FactError };

export interface FactError {
  /** no-answer: nothing answered (refused, timed out); tls: the certificate was refused; auth: 401; permission: 403. */
  readonly kind: 'no-answer' | 'tls' | 'auth' | 'permission' | 'other';
  /** Built from endpoints, statuses and the server's own words: never the token secret. */
  readonly message: string;
}

/** The API's certificate as a TLS handshake that verifies nothing sees it. */
export interface CertificateFacts {
  /** SHA-256, uppercase colon-hex, as Proxmox shows it. */
  readonly fingerprint: string;
  readonly subject: string;
  readonly issuer: string;
  readonly validTo: string;
  /** The names (DNS and IP) it is valid for. */
  readonly altNames: readonly string[];
}

export interface VmFacts {
  readonly vmid: number;
  readonly name: string;
  readonly status: VmStatusValue;
  readonly config: VmConfig;
  /** From `status/current`, read for the modes' VMs only. */
  readonly haManaged?: boolean | undefined;
}

/** What the guest agent of a running mode VM said when asked for its addresses. */
export type AgentAnswer =
  | { readonly kind: 'ok'; readonly address: string | undefined }
  | { readonly kind: 'no-agent-configured' | 'vm-not-running' | 'agent-not-running' }
  | { readonly kind: 'agent-error' | 'forbidden' | 'error'; readonly message: string };

/** The host as an authenticated token sees it. */
export interface HostFacts {
  readonly node: string;
  readonly version: Version;
  /** ACL path → the token's effective privileges there, for every path Morpheus needs (requiredPrivileges). */
  readonly permissions: Outcome<Readonly<Record<string, readonly string[]>>>;
  /** Every VM on the node the token can see, with its config. */
  readonly vms: Outcome<readonly VmFacts[]>;
  readonly pciDevices: Outcome<readonly PciDevice[]>;
  /** Read only when a VM config names a resource mapping. */
  readonly pciMappings: Outcome<readonly PciMapping[]> | undefined;
  /** Per running mode VM that waits for the guest agent. */
  readonly agents: Readonly<Record<number, AgentAnswer>>;
}

export interface ProxmoxFacts {
  /** host:port of the API. */
  readonly address: string;
  /** Whether host:port accepts a TCP connection; `detail` is the OS's error code. */
  readonly tcp: { readonly answer: 'open' | 'refused' | 'silent'; readonly detail?: string | undefined };
  readonly certificate: CertificateFacts | undefined;
  /** `GET /version` through the configured client: TLS as configured, then the token. */
  readonly version: Outcome<Version> | undefined;
  readonly host: HostFacts | undefined;
}

export interface StoredScheduleFacts {
  readonly name: string;
  readonly mode: string;
  readonly managedBy: 'cli' | 'sync';
}

export interface TemporalFacts {
  readonly address: string;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly connected: Outcome<true>;
  /** Custom search attribute name → type name (`Keyword`), in the namespace. */
  readonly searchAttributes: Outcome<Readonly<Record<string, string>>> | undefined;
  readonly workerPolling: Outcome<boolean> | undefined;
  /** The host's schedules as Temporal holds them. */
  readonly schedules: Outcome<readonly StoredScheduleFacts[]> | undefined;
  /** Config schedules that `schedule sync` would create, update or delete. */
  readonly unsynced: readonly string[] | undefined;
}

export interface DoctorFacts {
  /** The config file, or why it could not be loaded (its issues as the message lines). */
  readonly config:
    | { readonly ok: true; readonly loaded: LoadedConfig }
    | { readonly ok: false; readonly path: string | undefined; readonly problems: readonly string[]; readonly hint: string | undefined };
  readonly proxmox: ProxmoxFacts | undefined;
  readonly temporal: TemporalFacts | undefined;
}
