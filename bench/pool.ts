import { ProxmoxClient } from '../src/proxmox/client';
import { startSimulator } from '../src/simulator/server';
import { ratioLine, timeIt } from './stats';

// How much the client's keep-alive pool saves: N sequential `GET /nodes/{node}/qemu` through one
// client, against a baseline of a fresh client (new TCP + TLS handshake) per request. Same run, same
// simulator. Usage: node dist/bench/pool.js [requests=200]
async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 200);
  const sim = await startSimulator({ keyType: 'rsa', timeScale: 0.01 });
  const token = sim.tokens[0]!;
  const make = () =>
    new ProxmoxClient({
      host: sim.host,
      port: sim.port,
      node: sim.node,
      tokenId: token.id,
      tokenSecret: token.secret,
      tls: { verify: true, fingerprint: sim.fingerprint },
      requestTimeoutMs: 5_000,
    });
  const pooled = make();
  await pooled.listVms();
  const withPool: number[] = [];
  const fresh: number[] = [];
  for (let i = 0; i < n; i++) {
    withPool.push(await timeIt(() => pooled.listVms()));
    fresh.push(
      await timeIt(async () => {
        const c = make();
        await c.listVms();
        await c.close();
      }),
    );
  }
  await pooled.close();
  await sim.close();
  console.log(ratioLine('listVms, keep-alive pool', withPool, fresh, 'a new connection per request'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
