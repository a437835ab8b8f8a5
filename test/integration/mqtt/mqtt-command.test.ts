import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPveCertificates } from '../../../src/simulator/tls/certificate';
import { cliHarness } from '../../support/cli';
import { eventually } from '../../support/eventually';
import { fakeHomeAssistant } from '../../support/ha-client';
import { spawnMorpheus } from '../../support/process';
import { startMosquitto, type TestBroker } from '../../support/mosquitto';

const PASSWORD = 'mqtt-pass-5d1e77';

describe('morpheus mqtt, the process, against a TLS broker that wants a password', () => {
  const t = cliHarness();
  let broker: TestBroker;
  let dir: string;
  let ca: string;
  const node = () => t.h.config.proxmox.node;

  /** A config with an mqtt: section appended to the harness's own. */
  function configFile(name: string, mqtt: string): string {
    const file = join(dir, name);
    writeFileSync(file, `${readFileSync(t.cli.configFile, 'utf8')}mqtt:\n${mqtt}`);
    return file;
  }
  const env = (extra: NodeJS.ProcessEnv = {}) => ({ ...t.cli.env, ...extra });

  before(async () => {
    const certs = createPveCertificates({ keyType: 'ec' });
    ca = certs.caCertPem;
    broker = await startMosquitto({ user: { name: 'morpheus', password: PASSWORD }, tls: { cert: certs.certPem, key: certs.keyPem } });
    dir = mkdtempSync(join(tmpdir(), 'morpheus-mqtt-cli-'));
    writeFileSync(join(dir, 'ca.pem'), ca);
    writeFileSync(join(dir, 'mqtt-password'), `${PASSWORD}\n`);
  });
  after(() => broker?.close());

  it('announces the host over mqtts with the password from a file; a killed bridge leaves the will "offline", a stopped one says offline itself', async () => {
    const file = configFile('file.yaml', `  url: ${broker.url}\n  username: morpheus\n  password_file: mqtt-password\n  ca_file: ca.pem\n`);
    const ha = await fakeHomeAssistant(broker.url, node(), { username: 'morpheus', password: PASSWORD, ca });
    try {
      const killed = spawnMorpheus(['--config', file, 'mqtt'], env());
      await killed.waitFor(
        /connected to the MQTT broker at mqtts:\/\/127\.0\.0\.1:\d+ as morpheus-[\w-]+; Home Assistant discovery: homeassistant\/device\/morpheus_pve-\w+\/config/,
      );
      await eventually(() => ha.discovery(), { what: 'discovery' });
      assert.equal((await eventually(() => ha.last(ha.topics.availability))).payload, 'online');
      killed.child.kill('SIGKILL');
      await killed.exited;
      const will = await eventually(() => (ha.last(ha.topics.availability)?.payload === 'offline' ? ha.last(ha.topics.availability) : undefined), {
        what: 'the will',
      });
      assert.equal(will.payload, 'offline');
      assert.doesNotMatch(killed.output(), new RegExp(PASSWORD));

      const stopped = spawnMorpheus(['--config', file, 'mqtt'], env());
      await eventually(() => (ha.last(ha.topics.availability)?.payload === 'online' ? true : undefined), { what: 'online again' });
      stopped.child.kill('SIGTERM');
      assert.equal(await stopped.exited, 0, stopped.output());
      assert.match(stopped.output(), /MQTT bridge stopped: no requests from Home Assistant; connected 1 time\(s\)\./);
      assert.equal(ha.last(ha.topics.availability)!.payload, 'offline');
      assert.doesNotMatch(stopped.output(), new RegExp(PASSWORD));
    } finally {
      await ha.close();
    }
  });

  it('takes the password from an environment variable', async () => {
    const file = configFile('env.yaml', `  url: ${broker.url}\n  username: morpheus\n  password_env: MQTT_PASSWORD\n  ca_file: ca.pem\n`);
    const bridge = spawnMorpheus(['--config', file, 'mqtt'], env({ MQTT_PASSWORD: PASSWORD }));
    try {
      await bridge.waitFor(/connected to the MQTT broker/);
    } finally {
      bridge.child.kill('SIGTERM');
      await bridge.exited;
    }
  });

  it('stops with exit 7 and a hint when the broker refuses the password, which it never prints', async () => {
    const file = configFile('wrong.yaml', `  url: ${broker.url}\n  username: morpheus\n  password_env: MQTT_PASSWORD\n  ca_file: ca.pem\n`);
    const bridge = spawnMorpheus(['--config', file, 'mqtt'], env({ MQTT_PASSWORD: 'not-the-password-91c2' }));
    assert.equal(await bridge.exited, 7, bridge.output());
    assert.match(
      bridge.output(),
      /error: the MQTT broker at mqtts:\/\/127\.0\.0\.1:\d+ refused the bridge: Not authorized\nhint: check mqtt\.username and the password/,
    );
    assert.doesNotMatch(bridge.output(), /not-the-password-91c2/);
  });

  it('stops with exit 6 when the broker certificate cannot be verified (no ca_file)', async () => {
    const file = configFile('no-ca.yaml', `  url: ${broker.url}\n  username: morpheus\n  password_file: mqtt-password\n`);
    const bridge = spawnMorpheus(['--config', file, 'mqtt'], env());
    assert.equal(await bridge.exited, 6, bridge.output());
    assert.match(bridge.output(), /error: cannot verify the MQTT broker's certificate at mqtts:\/\/127\.0\.0\.1:\d+: .*\nhint: point mqtt\.ca_file at the CA/);
  });

  it('says what is missing: an unset password variable, or no mqtt: section at all (exit 2)', async () => {
    const file = configFile('unset.yaml', `  url: ${broker.url}\n  username: morpheus\n  password_env: MQTT_PASSWORD\n  ca_file: ca.pem\n`);
    const unset = spawnMorpheus(['--config', file, 'mqtt'], env());
    assert.equal(await unset.exited, 2, unset.output());
    assert.match(unset.output(), /error: mqtt\.password_env: environment variable MQTT_PASSWORD is not set\nhint: export MQTT_PASSWORD/);
    const none = await t.morpheus('mqtt');
    assert.equal(none.code, 2, none.stdout + none.stderr);
    assert.match(none.stderr, /error: the config .* has no mqtt: section\nhint: add one with at least mqtt\.url \(docs\/home-assistant\.md\)/);
  });
});
