import type { ServerResponse } from 'node:http';

export type ApiRelease = '8.1' | '8.4' | '9.0';

function pveHeaders(res: ServerResponse, status: number): void {
  res.setHeader('Server', 'pve-api-daemon/3.0');
  res.setHeader('Cache-Control', 'max-age=0');
  res.setHeader('Pragma', 'no-cache');
  res.setHeader('Expires', new Date().toUTCString());
  // pveproxy closes the connection after every error answer.
  if (status >= 400) res.setHeader('Connection', 'close');
}

export function sendData(res: ServerResponse, data: unknown, extra: Record<string, unknown> = {}): void {
  sendRaw(res, 200, 'OK', 'application/json;charset=UTF-8', JSON.stringify({ ...extra, data }));
}

/**
 * An error the way pve-http-server writes it: the reason phrase is the first line of the message; the
 * body has `message` from pve-http-server 5.2.0 (PVE 8.4, 9.x) and only `data: null` before; 401s
 * have an empty body.
 */
export function sendError(res: ServerResponse, release: ApiRelease, status: number, message: string, errors?: Record<string, string>): void {
  // A reason phrase may only hold visible ASCII; Node refuses anything else.
  const reason = message
    .split('\n')[0]!
    .trim()
    .replace(/[^\x20-\x7e]/g, '?');
  if (status === 401) return sendRaw(res, status, reason, undefined, '');
  const body: Record<string, unknown> = { data: null };
  if (release !== '8.1') body['message'] = `${message}\n`;
  if (errors) body['errors'] = errors;
  sendRaw(res, status, reason, 'application/json;charset=UTF-8', JSON.stringify(body));
}

export function sendRaw(res: ServerResponse, status: number, reason: string, contentType: string | undefined, body: string): void {
  pveHeaders(res, status);
  if (contentType) res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.writeHead(status, reason);
  res.end(body);
}
