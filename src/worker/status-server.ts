import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { HealthReport } from './health';
import { listenUrl, type ListenAddress } from './listen-address';

export interface StatusServerOptions {
  readonly listen: ListenAddress;
  /** The SDK's own Prometheus exporter, on a private loopback port; its text is served as /metrics. */
  readonly sdkMetricsUrl: string;
  readonly health: () => Promise<HealthReport>;
}

export interface StatusServer {
  /** Where it listens, e.g. `http://127.0.0.1:9464`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The worker's one HTTP endpoint: `/metrics` for Prometheus (the SDK's metrics and Morpheus's own) and
 * `/healthz` for health checks (200 or 503 with a JSON report). It answers from the Node process, so a
 * worker whose event loop hangs stops answering both.
 */
export async function startStatusServer(o: StatusServerOptions): Promise<StatusServer> {
  const server = createServer((req, res) => {
    void route(o, req, res).catch((err: unknown) => reply(res, 500, 'text/plain; charset=utf-8', `${err instanceof Error ? err.message : String(err)}\n`));
  });
  // Where --metrics says: 127.0.0.1 in every example; 0.0.0.0 when a Prometheus in another container scrapes it.
  server.listen(o.listen.port, o.listen.host);
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([err]) => Promise.reject(err as Error))]);
  return {
    url: listenUrl(o.listen),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function route(o: StatusServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'text/plain; charset=utf-8', 'GET only\n');
  if (path === '/healthz') {
    const report = await o.health();
    return reply(
      res,
      report.healthy ? 200 : 503,
      'application/json',
      `${JSON.stringify({ status: report.healthy ? 'ok' : 'unhealthy', worker: report.worker, temporal: report.temporal })}\n`,
    );
  }
  if (path === '/metrics') {
    let upstream: Response;
    try {
      upstream = await fetch(`${o.sdkMetricsUrl}/metrics`, { signal: AbortSignal.timeout(5_000) });
    } catch (err) {
      return reply(res, 502, 'text/plain; charset=utf-8', `the SDK's metrics exporter did not answer: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    return reply(res, upstream.status, upstream.headers.get('content-type') ?? 'text/plain; version=0.0.4', await upstream.text());
  }
  reply(res, 404, 'text/plain; charset=utf-8', 'not found; try /metrics or /healthz\n');
}

function reply(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
