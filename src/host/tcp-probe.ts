import { connect } from 'node:net';

export interface TcpAnswer {
  /** open: it accepts; refused: the machine answers, the port is closed; silent: nothing within the time. */
  readonly answer: 'open' | 'refused' | 'silent';
  /** The OS's error code when not open (ETIMEDOUT, EHOSTUNREACH, ENOTFOUND, …). */
  readonly detail?: string | undefined;
}

/** Whether host:port accepts a TCP connection within `timeoutMs`; the connection is closed at once. */
export function probeTcp(host: string, port: number, timeoutMs: number): Promise<TcpAnswer> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (answer: TcpAnswer) => {
      socket.destroy();
      resolve(answer);
    };
    socket.once('connect', () => done({ answer: 'open' }));
    socket.once('timeout', () => done({ answer: 'silent', detail: `no answer within ${timeoutMs} ms` }));
    socket.once('error', (err: NodeJS.ErrnoException) => done({ answer: err.code === 'ECONNREFUSED' ? 'refused' : 'silent', detail: err.code ?? err.message }));
  });
}
