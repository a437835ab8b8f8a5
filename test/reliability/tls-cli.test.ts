import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Agent, request } from 'undici';
import { buildProxmoxConnector } from '../../src/proxmox/tls';
import { simulatorConfigYaml } from '../../src/simulator/config-snippet';
import { createCertificateAuthority } from '../../src/simulator/tls/certificate';
import { runCli, type CliRun } from '../support/cli';
import { selfSignedServerCertificate } from '../support/self-signed';
import { startTestSimulator, type TestSimulator } from '../support/simulator';

// The Proxmox TLS policies through the CLI: what is refused (exit 6, with how to get the right
// fingerprint from the host) and what is accepted. `--dry-run` reads the host without Temporal.

const WRONG_PIN = Array(32).fill('AB').join(':');
const STACK = /\n\s+at .+[(:]\d+:\d+\)?/;
const DRY_RUN = ['mode', 'switch', 'nimsforestnogpu', '--dry-run'];

interface Tls {
  readonly fingerprint?: string;
  readonly caFile?: string;
  readonly verifySsl?: boolean;
}

describe('TLS verification of the Proxmox API through the CLI', () => {
  let dir: string;
  let sim: TestSimulator;
  let expired: TestSimulator;
  let selfSigned: Server;
  let caAsLeaf: Server;
  let n = 0;
  const listen = async (cert: string, key: string) => {
    const server = createServer({ cert, key }, (_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return server;
  };
  const portOf = (server: Server) => ({ port: (server.address() as AddressInfo).port });
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'morpheus-tls-'));
    [sim, expired] = await Promise.all([
      startTestSimulator(),
      startTestSimulator({ nodeCertValidity: { notBefore: new Date('2020-01-01'), notAfter: new Date('2022-01-01') } }),
    ]);
    // A host whose certificate signs itself (a custom pveproxy-ssl.pem made with openssl req -x509).
    const own = selfSignedServerCertificate();
    selfSigned = await listen(own.certPem, own.keyPem);
    // A host that presents a CA certificate (key usage: certificate signing only) as its own.
    const ca = createCertificateAuthority({ keyType: 'ec' });
    caAsLeaf = await listen(ca.certPem, ca.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  });
  after(async () => {
    await Promise.all([sim.close(), expired.close(), ...[selfSigned, caAsLeaf].map((server) => new Promise((resolve) => server.close(resolve)))]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the CLI against `target` with a config that pins, trusts a CA file or skips verification as told. */
  async function morpheus(target: { port: number; node?: string; token?: { secret: string } }, tls: Tls, args: string[] = DRY_RUN): Promise<CliRun> {
    const snippet = simulatorConfigYaml({
      host: '127.0.0.1',
      port: target.port,
      node: target.node ?? 'pve',
      tokenId: sim.token.id,
      fingerprint: tls.fingerprint ?? '',
    });
    const lines = snippet.split('\n').filter((l) => tls.fingerprint !== undefined || !l.startsWith('  fingerprint:'));
    if (tls.caFile !== undefined) lines.splice(1, 0, `  ca_file: "${tls.caFile}"`);
    if (tls.verifySsl !== undefined) lines.splice(1, 0, `  verify_ssl: ${tls.verifySsl}`);
    const config = join(dir, `config-${n++}.yaml`);
    writeFileSync(config, lines.join('\n'));
    return runCli(['--config', config, ...args], { PROXMOX_API_TOKEN: (target.token ?? sim.token).secret, TEMPORAL_ADDRESS: '127.0.0.1:1' }, 30_000);
  }

  function refused(r: CliRun, code: RegExp): void {
    assert.equal(r.code, 6, `exit ${r.code}\n${r.stdout}${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^(?:warning: .*\\n)?error: .*TLS verification failed \\((${code.source})\\)`));
    const hint = code.source.includes('FINGERPRINT_MISMATCH')
      ? /\nhint: if the node renewed its certificate .*set proxmox\.ca_file to a copy of \/etc\/pve\/pve-root-ca\.pem .*`pvenode cert info`/
      : /\nhint: .*pin the node's certificate: read its SHA-256 fingerprint on the host with `pvenode cert info` .*proxmox\.fingerprint.*proxmox\.ca_file/;
    assert.match(r.stderr, hint);
    assert.doesNotMatch(r.stderr, STACK);
    assert.ok(!(r.stdout + r.stderr).includes(sim.token.secret));
  }

  function accepted(r: CliRun): void {
    assert.equal(r.code, 0, `exit ${r.code}\n${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /Start nimsforestnogpu \(VM 103\)/);
  }

  it('refuses a certificate that is not the pinned one, naming the one presented', async () => {
    const r = await morpheus(sim, { fingerprint: WRONG_PIN });
    refused(r, /MORPHEUS_FINGERPRINT_MISMATCH/);
    assert.ok(r.stderr.includes(`the server presented certificate ${sim.fingerprint}, but proxmox.fingerprint pins ${WRONG_PIN}`), r.stderr);
  });

  it('refuses a wrong pin even with verify_ssl: false, which then warns that only the pin is checked', async () => {
    const r = await morpheus(sim, { fingerprint: WRONG_PIN, verifySsl: false });
    refused(r, /MORPHEUS_FINGERPRINT_MISMATCH/);
    assert.match(r.stderr, /^warning: proxmox\.verify_ssl is false: only proxmox\.fingerprint is checked/);
  });

  it("refuses Proxmox's own CA-signed certificate without a pin or CA", async () => {
    refused(await morpheus(sim, {}), /UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/);
  });

  it('refuses a self-signed certificate without a pin or CA', async () => {
    refused(await morpheus(portOf(selfSigned), {}), /DEPTH_ZERO_SELF_SIGNED_CERT/);
  });

  it('refuses a certificate unfit for a server as a TLS problem, not as an unreachable host', async () => {
    refused(await morpheus(portOf(caAsLeaf), {}), /INVALID_PURPOSE/);
  });

  it('refuses an expired certificate without a pin or CA, and with the CA that signed it', async () => {
    refused(await morpheus(expired, {}), /UNABLE_TO_VERIFY_LEAF_SIGNATURE|CERT_HAS_EXPIRED/);
    const ca = join(dir, 'expired-ca.pem');
    writeFileSync(ca, expired.caPem);
    refused(await morpheus(expired, { caFile: ca }), /CERT_HAS_EXPIRED/);
  });

  it('refuses a CA file of another CA', async () => {
    const other = join(dir, 'other-ca.pem');
    writeFileSync(other, createCertificateAuthority({ keyType: 'ec' }).certPem);
    refused(await morpheus(sim, { caFile: other }), /UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|CERT_SIGNATURE_FAILURE/);
  });

  it('stops `morpheus worker` on a pin mismatch before it polls anything', async () => {
    refused(await morpheus(sim, { fingerprint: WRONG_PIN }, ['worker']), /MORPHEUS_FINGERPRINT_MISMATCH/);
  });

  it("accepts the cluster CA from the simulator's /_sim/ca.pem as ca_file", async () => {
    const agent = new Agent({ connect: buildProxmoxConnector({ verify: true, fingerprint: sim.fingerprint }, 5_000) });
    try {
      const res = await request(`${sim.url}/_sim/ca.pem`, { dispatcher: agent });
      assert.equal(res.statusCode, 200);
      const pem = await res.body.text();
      assert.equal(pem.trim(), sim.caPem.trim());
      const ca = join(dir, 'pve-root-ca.pem');
      writeFileSync(ca, pem);
      accepted(await morpheus(sim, { caFile: ca }));
    } finally {
      await agent.close();
    }
  });

  it('accepts the right pin in either case, also for an expired certificate', async () => {
    accepted(await morpheus(sim, { fingerprint: sim.fingerprint }));
    accepted(await morpheus(sim, { fingerprint: sim.fingerprint.toLowerCase() }));
    accepted(await morpheus(expired, { fingerprint: expired.fingerprint }));
  });

  it('works with verify_ssl: false, saying on stderr that the certificate is not checked', async () => {
    const r = await morpheus(sim, { verifySsl: false });
    accepted(r);
    assert.equal(
      r.stderr,
      'warning: proxmox.verify_ssl is false: the Proxmox certificate is not checked; trust it with proxmox.ca_file (the cluster CA) or pin it with proxmox.fingerprint instead\n',
    );
  });
});
