import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { SimApiError } from '../model/sim-api-error';
import type { SimWorld } from '../world';
import { API_ROUTES, type ApiHandler } from './api-routes';
import { authenticate } from './auth';
import { CONTROL_ROUTES, type ControlHandler } from './control-routes';
import { decideFault, faultsApplyTo, type FaultDecision } from './faults';
import { sendData, sendError, sendRaw } from './respond';
import { Router } from './router';

const apiRouter = new Router<ApiHandler>(API_ROUTES);
const controlRouter = new Router<ControlHandler>(CONTROL_ROUTES);
const MAX_BODY = 64 * 1024;

export interface TlsIdentity {
  readonly fingerprint: string;
  readonly certPem: string;
  /** The simulated cluster CA, served at /_sim/ca.pem for `proxmox.ca_file`. */
  readonly caPem: string;
}

/** Handles one HTTP request against a simulator world. */
export function createRequestHandler(world: SimWorld, tls: TlsIdentity) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(world, tls, req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, world.scenario.release, 500, `simulator bug: ${err instanceof Error ? err.message : String(err)}`);
      else res.destroy();
    });
  };
}

async function handle(world: SimWorld, tls: TlsIdentity, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'https://sim');
  const body = await readBody(req);

  if (method === 'GET' && url.pathname === '/_sim/ca.pem') return sendRaw(res, 200, 'OK', 'application/x-pem-file', tls.caPem);
  if (url.pathname.startsWith('/_sim/')) return control(world, method, url.pathname, body, res);

  const release = world.scenario.release;
  const api = /^\/api2\/([^/]+)(\/.*)$/.exec(url.pathname);
  if (!api) return sendError(res, release, 501, 'no such uri');
  if (api[1] !== 'json') return sendError(res, release, 501, `no formatter for uri ${api[2]}, ${api[1]}`);
  const path = api[2]!;
  const match = apiRouter.match(method, path);
  const key = `${method} ${match?.route.pattern ?? '(unknown)'}`;
  const record = (status: number | 'dropped') => world.counter.record(key, status, match?.params['vmid']);

  if (method === 'GET' && body.length > 0) {
    record(501);
    return sendError(res, release, 501, "Unexpected content for method 'GET'");
  }
  if (world.faults.latency_ms > 0) await sleep(world.faults.latency_ms);
  if (world.faults.hold && faultsApplyTo(world.faults, path)) {
    // Held at the door until the faults change; then dropped, never having taken effect.
    await world.holdLifted();
    return drop(world, res, record);
  }

  let fault: FaultDecision = { kind: 'none' };
  try {
    world.host.advance();
    const token = authenticate(req.headers.authorization, world.tokens, world.scenario.auth_failure_delay * world.scenario.time_scale);
    if (!match) throw new SimApiError(501, `Method '${method} ${path}' not implemented`);
    fault = decideFault(world.faults, world.random, method, path);
    if (fault.kind === 'error') {
      world.injected.errors++;
      record(fault.status);
      return sendError(res, release, fault.status, fault.message);
    }
    if (fault.kind === 'drop' && fault.when === 'before') return drop(world, res, record);
    const input = { ...parseBody(req, body), ...Object.fromEntries(url.searchParams) };
    const data = match.route.handler({ host: world.host, token, params: match.params, input, fingerprint: tls.fingerprint, certPem: tls.certPem });
    if (fault.kind === 'drop') return drop(world, res, record);
    if (fault.kind === 'malformed') {
      world.injected.malformed++;
      record(fault.variant === 'html' ? 502 : 200);
      return sendMalformed(res, fault.variant, data);
    }
    record(200);
    sendData(res, data);
  } catch (err) {
    if (!(err instanceof SimApiError)) throw err;
    if (err.delayMs > 0) await sleep(err.delayMs);
    record(err.status);
    sendError(res, release, err.status, err.message, err.errors);
  }
}

function drop(world: SimWorld, res: ServerResponse, record: (s: 'dropped') => void): void {
  world.injected.drops++;
  record('dropped');
  res.socket?.destroy();
}

function sendMalformed(res: ServerResponse, variant: 'truncated' | 'missing-field' | 'html', data: unknown): void {
  if (variant === 'html') {
    return sendRaw(
      res,
      502,
      'Bad Gateway',
      'text/html',
      '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
    );
  }
  const json = JSON.stringify({ data: variant === 'truncated' ? data : typeof data === 'string' ? null : { unexpected: true } });
  sendRaw(res, 200, 'OK', 'application/json;charset=UTF-8', variant === 'truncated' ? json.slice(0, Math.max(1, Math.floor(json.length / 2))) : json);
}

function control(world: SimWorld, method: string, path: string, body: Buffer, res: ServerResponse): void {
  const match = controlRouter.match(method, path);
  if (!match) return sendError(res, '9.0', 501, `Method '${method} ${path}' not implemented`);
  try {
    const input = body.length > 0 ? JSON.parse(body.toString('utf8')) : undefined;
    sendData(res, match.route.handler(world, match.params, input) ?? null);
  } catch (err) {
    if (err instanceof SimApiError) return sendError(res, '9.0', err.status, err.message, err.errors);
    if (err instanceof SyntaxError) return sendError(res, '9.0', 400, `invalid JSON body: ${err.message}`);
    throw err;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new SimApiError(413, 'request entity too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Form-urlencoded (what every client sends) or JSON (PVE ≥ 6.2). */
function parseBody(req: IncomingMessage, body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/json')) {
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // Falls through to the same 400 a malformed form gets.
    }
    throw new SimApiError(400, 'Parameter verification failed.', { body: 'unable to parse JSON body' });
  }
  return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
}
