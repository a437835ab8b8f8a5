import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from '../../src/devserver/free-port';

// A real Mosquitto broker for a test, on 127.0.0.1 with a port of its own and a generated config.
// Mosquitto missing is a failure that says how to install it, never a quiet skip.

const CANDIDATES = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto', '/usr/local/sbin/mosquitto'];

export function mosquittoPath(): string {
  const found = CANDIDATES.find((p) => existsSync(p)) ?? whichSync('mosquitto');
  if (!found) {
    throw new Error(
      'mosquitto is not installed, and the MQTT tests need a real broker: run `bash scripts/setup.sh` as root (it installs the Debian package mosquitto), or `apt-get install mosquitto`',
    );
  }
  return found;
}

function whichSync(name: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() || undefined : undefined;
}

export interface BrokerOptions {
  /** Require these credentials (a password file made with mosquitto_passwd). */
  readonly user?: { readonly name: string; readonly password: string };
  /** Serve MQTT over TLS with this certificate and key (PEM). */
  readonly tls?: { readonly cert: string; readonly key: string };
}

export interface TestBroker {
  readonly host: string;
  readonly port: number;
  /** mqtt:// or mqtts:// URL of the broker. */
  readonly url: string;
  /** Stops the broker (SIGTERM) and waits for it to exit; retained messages are gone (no persistence). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** What the broker logged, for a failing test's message. */
  log(): string;
  close(): Promise<void>;
}

export async function startMosquitto(o: BrokerOptions = {}): Promise<TestBroker> {
  const bin = mosquittoPath();
  const dir = mkdtempSync(join(tmpdir(), 'morpheus-mosquitto-'));
  const port = await freePort();
  const lines = [
    `listener ${port} 127.0.0.1`,
    `allow_anonymous ${o.user ? 'false' : 'true'}`,
    'persistence false',
    'log_dest stdout',
    'log_type all',
    // Run as whoever runs the test: started as root, Mosquitto would otherwise switch to its own user, which cannot read this directory.
    `user ${userInfo().username}`,
  ];
  if (o.user) {
    const passwords = join(dir, 'passwords');
    writeFileSync(passwords, '');
    const made = spawnSync(whichSync('mosquitto_passwd') ?? 'mosquitto_passwd', ['-b', passwords, o.user.name, o.user.password], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`mosquitto_passwd failed: ${made.stderr || made.error?.message}`);
    lines.push(`password_file ${passwords}`);
  }
  if (o.tls) {
    writeFileSync(join(dir, 'cert.pem'), o.tls.cert);
    writeFileSync(join(dir, 'key.pem'), o.tls.key);
    lines.push(`certfile ${join(dir, 'cert.pem')}`, `keyfile ${join(dir, 'key.pem')}`);
  }
  const configFile = join(dir, 'mosquitto.conf');
  writeFileSync(configFile, `${lines.join('\n')}\n`);

  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let log = '';
  const start = async () => {
    const c = spawn(bin, ['-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    let alive = true;
    exited = new Promise((resolve) => c.once('exit', () => ((alive = false), resolve())));
    c.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    c.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    try {
      await waitForPort(port, 10_000, () => alive);
    } catch (err) {
      throw new Error(`mosquitto did not start: ${(err as Error).message}\n${log}`);
    }
  };
  const stop = async () => {
    child?.kill('SIGTERM');
    await exited;
    child = undefined;
  };
  await start();
  return {
    host: '127.0.0.1',
    port,
    url: `${o.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`,
    stop,
    start,
    log: () => log,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
