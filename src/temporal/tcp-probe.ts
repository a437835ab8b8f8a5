import { connect } from 'node:net';

/** `host:port`, `[v6]:port` or `host` (Temporal's default port 7233). */
export function hostPort(address: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(address) ?? /^([^:]+)(?::(\d+))?$/.exec(address);
  return m ? { host: m[1]!, port: Number(m[2] ?? 7233) } : { host: address, port: 7233 };
}

/**
 * Whether anything accepts TCP connections at `address` within `timeoutMs`. A refused or silent port
 * says "Temporal is down" in milliseconds, where gRPC would wait out its whole connect deadline.
 */
export function tcpAnswers(address: string, timeoutMs: number): Promise<string | undefined> {
  const { host, port } = hostPort(address);
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (problem: string | undefined) => {
      socket.destroy();
      resolve(problem);
    };
    socket.once('connect', () => done(undefined));
    socket.once('timeout', () => done(`no answer within ${timeoutMs} ms`));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code === 'ECONNREFUSED' ? 'connection refused' : err.message));
  });
}
