import { createHmac } from 'node:crypto';
import { request } from 'undici';
import type { NotifyTarget } from '../config/notify-schema';
import type { Notification } from '../contract/notify';
import { ntfyMessage, webhookBody } from './payload';

/** Thrown when a receiver answers with an error; `retryable` unless it refused the request itself (4xx). */
export class NotificationFailedError extends Error {
  override readonly name = 'NotificationFailedError';
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 10_000;

/**
 * Sends one notification to one target. Secrets (the HMAC key, an ntfy token) are read from the
 * worker's environment here and only put in headers; no body ever holds one.
 */
export async function deliver(
  target: NotifyTarget,
  n: Notification,
  o: { webUi: string | undefined; delivery: string; env: NodeJS.ProcessEnv; userAgent: string },
): Promise<void> {
  const headers: Record<string, string> = { 'user-agent': o.userAgent };
  let body: string;
  if (target.type === 'webhook') {
    body = webhookBody(n, o.webUi, o.delivery);
    headers['content-type'] = 'application/json';
    headers['x-morpheus-event'] = n.event;
    headers['x-morpheus-delivery'] = o.delivery;
    const key = target.secret_env === undefined ? undefined : o.env[target.secret_env];
    if (target.secret_env !== undefined && !key)
      throw new NotificationFailedError(`${target.secret_env} is not set in the worker's environment: cannot sign the webhook`, false);
    if (key) headers['x-morpheus-signature-256'] = `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
  } else {
    const message = ntfyMessage(n, o.webUi);
    body = message.body;
    Object.assign(headers, message.headers, { 'content-type': 'text/plain; charset=utf-8' });
    const token = target.token_env === undefined ? undefined : o.env[target.token_env];
    if (target.token_env !== undefined && !token)
      throw new NotificationFailedError(`${target.token_env} is not set in the worker's environment: cannot authenticate to ntfy`, false);
    if (token) headers['authorization'] = `Bearer ${token}`;
  }
  const where = `${target.type} ${new URL(target.url).host}`;
  let status: number;
  try {
    const res = await request(target.url, { method: 'POST', headers, body, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
    status = res.statusCode;
    await res.body.dump();
  } catch (err) {
    throw new NotificationFailedError(`${where}: ${err instanceof Error ? err.message : String(err)}`, true);
  }
  if (status >= 200 && status < 300) return;
  // A 4xx says the request itself is wrong (a bad URL, a refused token): sending it again cannot help.
  const retryable = status >= 500 || status === 408 || status === 429;
  throw new NotificationFailedError(`${where} answered HTTP ${status}`, retryable);
}
