import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import type { z } from 'zod';
import { classifyHttpFailure, classifyTransportFailure, isTimeoutFailure } from './classify';
import { type Endpoint, ProxmoxResponseError, ProxmoxTransientError, ProxmoxError } from './errors';
import { fixedReadRetry, type ReadFailureKind, readFailureKind, type ReadRetryPolicy } from './read-retry';
import { proxmoxRequests, type ProxmoxRequestEvent } from './request-events';
import {
  AgentNetworkSchema,
  type GuestInterface,
  NodeListSchema,
  NodeStatusSchema,
  PciListSchema,
  PermissionsSchema,
  PciMappingListSchema,
  TaskLogSchema,
  TaskStatusSchema,
  UpidDataSchema,
  VersionSchema,
  VmConfigSchema,
  VmListSchema,
  VmStatusSchema,
  envelope,
} from './schemas';
import { buildProxmoxConnector, type TlsPolicy } from './tls';
import { parseUpid } from './upid';

export interface ProxmoxClientOptions {
  readonly host: string;
  readonly port: number;
  readonly node: string;
  readonly tokenId: string;
  readonly tokenSecret: string;
  readonly tls: TlsPolicy;
  /** Overall deadline of one request, connect to last body byte. */
  readonly requestTimeoutMs: number;
  readonly connectTimeoutMs?: number;
  /**
   * When a read (GET) that failed is sent again; reads are safe to repeat. Default: a failure that
   * says nothing about the request (a dropped connection, 502-504/595-597, a body that is not JSON or
   * not of the documented shape) is read again, 3 sends in all (`fixedReadRetry`). Writes are sent
   * once: their callers re-check state before trying again.
   */
  readonly readRetry?: ReadRetryPolicy;
}

export interface CallOptions {
  /** Aborts the call (an activity's cancellation signal); the abort reason is rethrown as is. */
  readonly signal?: AbortSignal | undefined;
}

/** What the guest agent said about the network, including its three distinct "no agent" answers. */
export type AgentNetworkResult =
  | { readonly kind: 'ok'; readonly interfaces: GuestInterface[] }
  | { readonly kind: 'no-agent-configured' }
  | { readonly kind: 'vm-not-running' }
  | { readonly kind: 'agent-not-running' }
  | { readonly kind: 'agent-error'; readonly message: string };

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** A failed attempt of one request, and what it says about sending the same read again. */
class AttemptFailure {
  readonly kind: ReadFailureKind;
  constructor(
    readonly error: ProxmoxError,
    timedOut = false,
  ) {
    this.kind = readFailureKind(error, timedOut);
  }
}

/** A 2xx answer that is JSON of the wrong shape; whether that is retryable depends on the other attempts. */
class WrongShape extends AttemptFailure {
  constructor(
    readonly endpoint: Endpoint,
    readonly problem: string,
    readonly status: number,
  ) {
    super(new ProxmoxResponseError(endpoint, problem, { status }));
  }
}

/**
 * A typed client for the slice of the Proxmox VE API that Morpheus uses. One keep-alive pool per
 * host; every request has a connect timeout and an overall deadline; every answer is parsed through a
 * zod schema; every failure is a typed {@link ProxmoxError}. The token secret only ever goes into the
 * Authorization header.
 */
export class ProxmoxClient {
  readonly node: string;
  readonly tokenId: string;
  readonly origin: string;
  readonly #pool: Pool;
  readonly #authorization: string;
  readonly #requestTimeoutMs: number;
  readonly #readRetry: ReadRetryPolicy;

  constructor(opts: ProxmoxClientOptions) {
    this.node = opts.node;
    this.tokenId = opts.tokenId;
    const host = opts.host.includes(':') && !opts.host.startsWith('[') ? `[${opts.host}]` : opts.host;
    this.origin = `https://${host}:${opts.port}`;
    this.#authorization = `PVEAPIToken=${opts.tokenId}=${opts.tokenSecret}`;
    this.#requestTimeoutMs = opts.requestTimeoutMs;
    this.#readRetry = opts.readRetry ?? fixedReadRetry();
    const connectTimeoutMs = opts.connectTimeoutMs ?? Math.min(opts.requestTimeoutMs, 10_000);
    this.#pool = new Pool(this.origin, {
      connect: buildProxmoxConnector(opts.tls, connectTimeoutMs),
      // pveproxy has 3 workers by default; two connections spare the host, and each new one costs a
      // TLS handshake: a worker serving 100 hosts spent about 6 % less CPU with 2 than with 4.
      connections: 2,
      keepAliveTimeout: 10_000,
      headersTimeout: opts.requestTimeoutMs,
      bodyTimeout: opts.requestTimeoutMs,
    });
  }

  /** Stops the pool; in-flight requests finish first. */
  async close(): Promise<void> {
    await this.#pool.close();
  }

  version(o?: CallOptions) {
    return this.#get('/version', VersionSchema, o);
  }

  /** The cluster's nodes (one for a standalone host), with each node's certificate fingerprint. */
  nodes(o?: CallOptions) {
    return this.#get('/nodes', NodeListSchema, o);
  }

  /** Every VM on the node, in one request. */
  listVms(o?: CallOptions) {
    return this.#get(`${this.#nodePath}/qemu`, VmListSchema, o);
  }

  vmStatus(vmid: number, o?: CallOptions) {
    return this.#get(`${this.#nodePath}/qemu/${vmid}/status/current`, VmStatusSchema, o, vmid);
  }

  vmConfig(vmid: number, o?: CallOptions) {
    return this.#get(`${this.#nodePath}/qemu/${vmid}/config`, VmConfigSchema, o, vmid);
  }

  /** Starts a VM; resolves with the task's UPID as soon as Proxmox accepts the request. */
  startVm(vmid: number, params: { timeoutS?: number } = {}, o?: CallOptions) {
    return this.#post(vmid, 'start', { ...(params.timeoutS !== undefined && { timeout: params.timeoutS }) }, o);
  }

  /** ACPI shutdown; with `forceStop`, Proxmox kills the guest once `timeoutS` has passed. */
  shutdownVm(vmid: number, params: { timeoutS: number; forceStop: boolean }, o?: CallOptions) {
    return this.#post(vmid, 'shutdown', { timeout: params.timeoutS, forceStop: params.forceStop ? 1 : 0 }, o);
  }

  /** Hard stop (QMP quit, then SIGTERM, then SIGKILL). */
  stopVm(vmid: number, o?: CallOptions) {
    return this.#post(vmid, 'stop', {}, o);
  }

  /** Status of a task, asked of the node named in its UPID (any other node answers "no such task"). */
  taskStatus(upid: string, o?: CallOptions) {
    return this.#get(`${this.#taskPath(upid)}/status`, TaskStatusSchema, o);
  }

  taskLog(upid: string, o?: CallOptions) {
    return this.#get(`${this.#taskPath(upid)}/log?start=0&limit=500`, TaskLogSchema, o);
  }

  pciDevices(o?: CallOptions) {
    return this.#get(`${this.#nodePath}/hardware/pci`, PciListSchema, o);
  }

  /** The cluster's PCI resource mappings, for `hostpciN: mapping=<id>` entries. */
  pciMappings(o?: CallOptions) {
    return this.#get('/cluster/mapping/pci', PciMappingListSchema, o);
  }

  /** The token's effective privileges on one ACL path (after privilege separation). */
  permissions(aclPath: string, o?: CallOptions) {
    return this.#get(`/access/permissions?path=${encodeURIComponent(aclPath)}`, PermissionsSchema, o);
  }

  nodeStatus(o?: CallOptions) {
    return this.#get(`${this.#nodePath}/status`, NodeStatusSchema, o);
  }

  /** The guest agent's network interfaces; the agent's absence is an answer, not an error. */
  async agentNetworkInterfaces(vmid: number, o?: CallOptions): Promise<AgentNetworkResult> {
    try {
      const data = await this.#get(`${this.#nodePath}/qemu/${vmid}/agent/network-get-interfaces`, AgentNetworkSchema, o, vmid);
      return Array.isArray(data.result)
        ? { kind: 'ok', interfaces: data.result }
        : { kind: 'agent-error', message: `${data.result.error.class}: ${data.result.error.desc}` };
    } catch (err) {
      const text = err instanceof ProxmoxError && err.status === 500 ? (err.proxmoxMessage ?? '') : '';
      if (text.startsWith('No QEMU guest agent configured')) return { kind: 'no-agent-configured' };
      if (/^VM \d+ is not running/.test(text)) return { kind: 'vm-not-running' };
      if (text.startsWith('QEMU guest agent is not running')) return { kind: 'agent-not-running' };
      if (/qga command .* failed - got timeout/.test(text)) return { kind: 'agent-error', message: text };
      throw err;
    }
  }

  get #nodePath(): string {
    return `/nodes/${encodeURIComponent(this.node)}`;
  }

  #taskPath(upid: string): string {
    // A malformed UPID still goes to our node, where Proxmox answers "unable to parse worker upid".
    const node = parseUpid(upid)?.node ?? this.node;
    return `/nodes/${encodeURIComponent(node)}/tasks/${encodeURIComponent(upid)}`;
  }

  #get<T extends z.ZodType>(path: string, schema: T, o: CallOptions | undefined, vmid?: number): Promise<z.output<T>> {
    return this.#request({ method: 'GET', path, vmid }, undefined, schema, o);
  }

  #post(vmid: number, action: string, params: Record<string, number>, o: CallOptions | undefined): Promise<string> {
    const body = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return this.#request({ method: 'POST', path: `${this.#nodePath}/qemu/${vmid}/status/${action}`, vmid }, body, UpidDataSchema, o);
  }

  /** Sends one request. A GET that fails is sent again when the `readRetry` policy says so; a POST is sent once. */
  async #request<T extends z.ZodType>(endpoint: Endpoint, body: string | undefined, schema: T, o: CallOptions | undefined): Promise<z.output<T>> {
    const isRead = endpoint.method === 'GET';
    let allWrongShape = true;
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      const outcome = await this.#attempt(endpoint, body, schema, o);
      if (proxmoxRequests.hasSubscribers) {
        const event: ProxmoxRequestEvent = {
          method: endpoint.method,
          outcome: outcome instanceof AttemptFailure ? outcome.error.code : 'ok',
          durationMs: performance.now() - started,
        };
        proxmoxRequests.publish(event);
      }
      if (!(outcome instanceof AttemptFailure)) return outcome.data;
      allWrongShape &&= outcome instanceof WrongShape;
      const delay = isRead ? this.#readRetry.delayBeforeNext(outcome.kind, attempt) : undefined;
      if (delay !== undefined) {
        await sleep(delay, undefined, { signal: o?.signal }).catch(() => {
          throw o?.signal?.reason;
        });
        continue;
      }
      if (outcome instanceof WrongShape) {
        // The same read answered with the wrong shape every time: an incompatibility, not a glitch, so
        // say so at once. A POST's answer cannot be read again, and the request may have taken effect:
        // the caller's retry re-checks the VM first.
        const persistent = isRead && allWrongShape;
        throw new ProxmoxResponseError(outcome.endpoint, outcome.problem, { status: outcome.status, retryable: !persistent });
      }
      throw isRead ? this.#readRetry.finalError(outcome.error, attempt) : outcome.error;
    }
  }

  async #attempt<T extends z.ZodType>(
    endpoint: Endpoint,
    body: string | undefined,
    schema: T,
    o: CallOptions | undefined,
  ): Promise<{ data: z.output<T> } | AttemptFailure> {
    const deadline = AbortSignal.timeout(this.#requestTimeoutMs);
    const signal = o?.signal ? AbortSignal.any([deadline, o.signal]) : deadline;
    let status: number;
    let reason: string;
    let text: string;
    let contentType: string;
    try {
      const res = await this.#pool.request({
        method: endpoint.method as 'GET' | 'POST',
        path: `/api2/json${endpoint.path}`,
        headers: {
          authorization: this.#authorization,
          accept: 'application/json',
          ...(body !== undefined && { 'content-type': 'application/x-www-form-urlencoded' }),
        },
        ...(body !== undefined && { body }),
        signal,
      });
      status = res.statusCode;
      reason = res.statusText ?? '';
      contentType = String(res.headers['content-type'] ?? '');
      text = await readCapped(res.body, MAX_BODY_BYTES);
    } catch (err) {
      if (o?.signal?.aborted) throw o.signal.reason;
      if (deadline.aborted) {
        return new AttemptFailure(
          new ProxmoxTransientError(endpoint, `no answer within ${this.#requestTimeoutMs} ms`, {
            cause: err,
            hint: 'the host is slow or unreachable; proxmox.request_timeout sets this deadline',
          }),
          true,
        );
      }
      return new AttemptFailure(classifyTransportFailure(endpoint, err), isTimeoutFailure(err));
    }
    if (status < 200 || status >= 300) {
      return new AttemptFailure(classifyHttpFailure(endpoint, { status, reason, body: text }, { tokenId: this.tokenId }));
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return new AttemptFailure(
        new ProxmoxTransientError(
          endpoint,
          `answered ${status} with a body that is not JSON (${contentType || 'no content type'}, ${text.length} bytes: ${printable(text)})`,
          { status },
        ),
      );
    }
    const parsed = envelope(schema).safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const at = issue?.path.length ? `data.${issue.path.join('.')}`.replace('data.data', 'data') : 'body';
      return new WrongShape(endpoint, `unexpected answer from Proxmox at ${at}: ${issue?.message ?? 'invalid'}`, status);
    }
    return { data: (parsed.data as { data: z.output<T> }).data };
  }
}

async function readCapped(body: AsyncIterable<Buffer | Uint8Array> & { destroy?: () => void }, cap: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > cap) {
      body.destroy?.();
      throw new Error(`response body larger than ${cap} bytes`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A short, single-line, control-free excerpt for error messages. */
const printable = (text: string): string => JSON.stringify(text.slice(0, 60).replace(/\s+/g, ' '));
