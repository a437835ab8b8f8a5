import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { createRequestHandler } from './http/handler';
import { ScenarioSchema, type Scenario, type ScenarioInput } from './scenario';
import { defaultScenario } from './default-scenario';
import { createPveCertificates, type KeyType } from './tls/certificate';
import { SimWorld } from './world';

export interface SimulatorOptions {
  readonly scenario?: ScenarioInput | Scenario;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Overrides the scenario's time scale. */
  readonly timeScale?: number;
  /** RSA 2048 like Proxmox (default), or EC P-256, which is generated about 400 times faster. */
  readonly keyType?: KeyType;
  /** Test hook: give the node certificate these validity dates (e.g. an expired one). */
  readonly nodeCertValidity?: { notBefore?: Date; notAfter?: Date };
}

export interface RunningSimulator {
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly node: string;
  readonly tokens: readonly { id: string; secret: string }[];
  /** SHA-256 of the node certificate, uppercase colon-hex, as Proxmox shows it. */
  readonly fingerprint: string;
  /** The simulated cluster CA (`/etc/pve/pve-root-ca.pem`). */
  readonly caPem: string;
  readonly world: SimWorld;
  close(): Promise<void>;
}

// The simulator is a loopback-only service, like the tests and demos that use it.
const LISTEN_HOST = '127.0.0.1';

/**
 * Starts the Proxmox simulator: HTTPS with a fresh PVE-style certificate on 127.0.0.1, and, like
 * pveproxy since PVE 7.4, plain HTTP on the same port answered with a redirect to https.
 */
export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const base = opts.scenario === undefined ? defaultScenario() : ScenarioSchema.parse(opts.scenario);
  const scenario = opts.timeScale === undefined ? base : { ...base, time_scale: opts.timeScale };
  const world = new SimWorld(scenario);
  const certs = createPveCertificates({
    nodeName: scenario.node,
    keyType: opts.keyType ?? 'rsa',
    ...(opts.nodeCertValidity && { nodeValidity: opts.nodeCertValidity }),
  });
  const handler = createRequestHandler(world, { fingerprint: certs.fingerprint256, certPem: certs.certPem, caPem: certs.caCertPem });
  // pveproxy sends only the node certificate, not the CA.
  const https = createHttpsServer({ cert: certs.certPem, key: certs.keyPem, keepAliveTimeout: 5_000 }, handler);
  const http = createHttpServer((req, res) => {
    const target = `https://${req.headers.host ?? `${LISTEN_HOST}`}${req.url ?? '/'}`;
    const status = req.method === 'GET' || req.method === 'HEAD' ? 301 : 308;
    res.writeHead(status, { Location: target, Connection: 'close' }).end();
  });
  const sockets = new Set<Socket>();
  // No Nagle: answers go out as several TLS records, which would otherwise wait for delayed ACKs.
  const front = createNetServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', (first: Buffer) => {
      socket.pause();
      // A TLS connection starts with a handshake record (0x16); anything else is plain HTTP.
      if (first[0] === 0x16) {
        https.emit('connection', replaying(socket, first));
        return;
      }
      socket.unshift(first);
      http.emit('connection', socket);
      socket.resume();
    });
  });
  front.listen(opts.port ?? 0, LISTEN_HOST);
  await once(front, 'listening');
  const port = (front.address() as AddressInfo).port;
  return {
    url: `https://${LISTEN_HOST}:${port}`,
    host: LISTEN_HOST,
    port,
    node: scenario.node,
    get tokens() {
      return world.tokens.map((t) => ({ id: t.id, secret: t.secret }));
    },
    fingerprint: certs.fingerprint256,
    caPem: certs.caCertPem,
    world,
    async close() {
      const closed = new Promise<void>((resolve) => front.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

/**
 * A stream that yields `first` and then the rest of `socket`. The TLS server reads a net.Socket
 * through its native handle, which would skip bytes already read for sniffing; a plain Duplex is read
 * through the stream API instead, so nothing is lost.
 */
function replaying(socket: Socket, first: Buffer): Duplex {
  const stream = new Duplex({
    read: () => void socket.resume(),
    write: (chunk: Buffer, _enc, cb) => void socket.write(chunk, cb),
    final: (cb) => void socket.end(cb),
    destroy: (err, cb) => {
      socket.destroy(err ?? undefined);
      cb(err);
    },
  });
  stream.push(first);
  socket.on('data', (chunk: Buffer) => {
    if (!stream.push(chunk)) socket.pause();
  });
  socket.on('end', () => stream.push(null));
  socket.on('close', () => stream.destroy());
  socket.on('error', (err) => stream.destroy(err));
  return stream;
}
