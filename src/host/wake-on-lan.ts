import { createSocket } from 'node:dgram';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProxmoxClient } from '../proxmox/client';
import { ProxmoxError, ProxmoxTransientError } from '../proxmox/errors';
import { pollDelays } from '../proxmox/task-wait';
import { magicPacket } from './magic-packet';
import { probeTcp } from './tcp-probe';

/** Where a magic packet goes: the host's MAC, a (directed) broadcast IPv4 address and a UDP port. */
export interface WakeTarget {
  readonly mac: string;
  readonly broadcast: string;
  readonly port: number;
}

/**
 * Sends one magic packet over UDP. Broadcast must be enabled after the socket is bound (before, Node
 * throws EBADF); a unicast or loopback address works the same way.
 */
export async function sendMagicPacket(target: WakeTarget): Promise<void> {
  const packet = magicPacket(target.mac);
  const socket = createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, () => {
        socket.setBroadcast(true);
        resolve();
      });
    });
    await new Promise<void>((resolve, reject) => socket.send(packet, target.port, target.broadcast, (err) => (err ? reject(err) : resolve())));
  } finally {
    socket.close();
  }
}

/**
 * How far a waking host has got: nothing answers yet, the machine answers but the API port is closed
 * (the OS is up, pveproxy not yet), the port accepts connections, the API answers HTTP.
 */
export type WakePhase = 'no-answer' | 'host-up' | 'port-open' | 'api-answers';

export interface WakeProgress {
  readonly phase: WakePhase;
  readonly elapsedMs: number;
  /** Magic packets sent during the wait (re-sends). */
  readonly packetsSent: number;
}

export interface WaitForApiOptions {
  /** Give up after this long. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  /** Called when the phase changes, and at least every `tickMs` while it does not. */
  readonly onProgress?: ((p: WakeProgress) => void) | undefined;
  readonly tickMs?: number | undefined;
  /** While the port stays closed, send the magic packet again this often: the first one may be lost. */
  readonly resend?: { readonly target: WakeTarget; readonly everyMs: number } | undefined;
}

export type ApiWaitOutcome =
  | { readonly answered: true; readonly afterMs: number; readonly packetsSent: number }
  | { readonly answered: false; readonly afterMs: number; readonly packetsSent: number; readonly phase: WakePhase };

/** True for a Proxmox call that got no answer at all (refused, reset, timed out): the host may be asleep. */
export const isNoAnswer = (err: unknown): boolean => err instanceof ProxmoxTransientError && err.status === undefined;

/**
 * True when the Proxmox API answered at all: any HTTP status (even 401 or 500) or a TLS verdict means
 * pveproxy is up; only a failure without an answer (refused, reset, timed out) means it is not.
 */
async function apiAnswers(client: ProxmoxClient, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    await client.version({ signal });
    return true;
  } catch (err) {
    if (signal?.aborted) throw err;
    if (isNoAnswer(err)) return false;
    if (err instanceof ProxmoxError) return true;
    throw err;
  }
}

/**
 * Waits, within `timeoutMs`, until the Proxmox API of `client` answers, polling with backoff (0.5 s
 * up to 5 s) and re-sending the magic packet while nothing listens on the port.
 */
export async function waitForApi(client: ProxmoxClient, o: WaitForApiOptions): Promise<ApiWaitOutcome> {
  const url = new URL(client.origin);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const delays = pollDelays(500, 5_000);
  let phase: WakePhase = 'no-answer';
  let packetsSent = 0;
  let lastReport = -Infinity;
  let lastPacket = started;
  const report = (next: WakePhase) => {
    const changed = next !== phase;
    phase = next;
    if (changed || elapsed() - lastReport >= (o.tickMs ?? 5_000)) {
      lastReport = elapsed();
      o.onProgress?.({ phase, elapsedMs: lastReport, packetsSent });
    }
  };
  for (;;) {
    o.signal?.throwIfAborted();
    const left = o.timeoutMs - elapsed();
    const tcp = (await probeTcp(host, port, Math.max(100, Math.min(2_000, left)))).answer;
    if (tcp === 'open' && (await apiAnswers(client, o.signal))) {
      report('api-answers');
      return { answered: true, afterMs: elapsed(), packetsSent };
    }
    report(tcp === 'open' ? 'port-open' : tcp === 'refused' ? 'host-up' : 'no-answer');
    if (o.resend && tcp !== 'open' && Date.now() - lastPacket >= o.resend.everyMs) {
      await sendMagicPacket(o.resend.target);
      packetsSent++;
      lastPacket = Date.now();
    }
    if (elapsed() >= o.timeoutMs) return { answered: false, afterMs: elapsed(), packetsSent, phase };
    await sleep(Math.min(delays.next().value, Math.max(0, o.timeoutMs - elapsed())), undefined, { signal: o.signal });
  }
}

/** How often `wakeHost` sends the packet again while the host stays silent. */
export const RESEND_EVERY_MS = 30_000;

/**
 * Wakes the host: sends the magic packet, then waits until its Proxmox API answers, sending the
 * packet again every 30 s while nothing listens. `packetsSent` counts every packet, the first included.
 */
export async function wakeHost(client: ProxmoxClient, target: WakeTarget, o: Omit<WaitForApiOptions, 'resend'>): Promise<ApiWaitOutcome> {
  await sendMagicPacket(target);
  const outcome = await waitForApi(client, {
    ...o,
    onProgress: o.onProgress && ((p) => o.onProgress!({ ...p, packetsSent: p.packetsSent + 1 })),
    resend: { target, everyMs: RESEND_EVERY_MS },
  });
  return { ...outcome, packetsSent: outcome.packetsSent + 1 };
}
