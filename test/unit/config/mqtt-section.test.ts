import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertRejected, configWith, parse } from './fixtures';

// [what is wrong, the mqtt section, the one issue expected]
const cases: [string, unknown, string][] = [
  ['an http URL', { url: 'http://broker.lan' }, 'mqtt.url: expected an mqtt:// or mqtts:// URL with a host, e.g. mqtt://homeassistant.lan:1883'],
  [
    'credentials inside the URL',
    { url: 'mqtt://ha:secret@broker.lan' },
    'mqtt.url: expected an mqtt:// or mqtts:// URL with a host, e.g. mqtt://homeassistant.lan:1883',
  ],
  ['a URL with a path', { url: 'mqtt://broker.lan/x' }, 'mqtt.url: expected an mqtt:// or mqtts:// URL with a host, e.g. mqtt://homeassistant.lan:1883'],
  ['no url', { username: 'ha' }, 'mqtt.url: missing required key; expected an mqtt:// or mqtts:// URL with a host, e.g. mqtt://homeassistant.lan:1883'],
  [
    'a password written into the file',
    { url: 'mqtt://broker.lan', username: 'ha', password: 'x' },
    "mqtt: unknown key 'password'; did you mean 'password_env'?",
  ],
  [
    'a password value instead of a variable name',
    { url: 'mqtt://broker.lan', username: 'ha', password_env: 'hunter 2' },
    'mqtt.password_env: expected the name of an environment variable (letters, digits, _), not its value',
  ],
  [
    'both password sources',
    { url: 'mqtt://broker.lan', username: 'ha', password_env: 'MQTT_PASSWORD', password_file: '/etc/pw' },
    'mqtt.password_file: set password_env or password_file, not both',
  ],
  [
    'a password without a username',
    { url: 'mqtt://broker.lan', password_env: 'MQTT_PASSWORD' },
    'mqtt.username: required when a password is set; the broker checks the pair',
  ],
  ['a CA file for plain mqtt', { url: 'mqtt://broker.lan', ca_file: '/etc/ca.pem' }, 'mqtt.ca_file: only used with an mqtts:// url'],
  [
    'a wildcard in the topic prefix',
    { url: 'mqtt://broker.lan', topic_prefix: 'morpheus/#' },
    'mqtt.topic_prefix: expected MQTT topic levels without wildcards or empty levels, e.g. morpheus',
  ],
  [
    'a trailing slash in the discovery prefix',
    { url: 'mqtt://broker.lan', discovery_prefix: 'homeassistant/' },
    'mqtt.discovery_prefix: expected MQTT topic levels without wildcards or empty levels, e.g. morpheus',
  ],
  ['a client id with a space', { url: 'mqtt://broker.lan', client_id: 'my bridge' }, "mqtt.client_id: expected 1 to 64 letters, digits, '_' or '-'"],
];

describe('the mqtt: section', () => {
  for (const [what, mqtt, issue] of cases) {
    it(`rejects ${what} with one line naming the key`, () => assertRejected(configWith({ mqtt }), issue));
  }

  it('is optional, and takes defaults for everything but the url', () => {
    assert.equal(parse(configWith()).config.mqtt, undefined);
    assert.deepEqual(parse(configWith({ mqtt: { url: 'mqtts://ha.lan:8883' } })).config.mqtt, {
      url: 'mqtts://ha.lan:8883',
      discovery_prefix: 'homeassistant',
      topic_prefix: 'morpheus',
      refresh: 30_000,
    });
  });

  it('resolves the password file and the CA file against the config directory, and says when one cannot be read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'morpheus-mqtt-config-'));
    writeFileSync(join(dir, 'mqtt-password'), 'pw\n');
    const mqtt = { url: 'mqtts://ha.lan', username: 'morpheus', password_file: 'mqtt-password', ca_file: 'ca.pem' };
    assert.throws(
      () => parse(configWith({ mqtt }), undefined, dir),
      (err: Error) => err.message === `invalid config test.yaml: mqtt.ca_file: cannot read ${join(dir, 'ca.pem')} (no such file)`,
    );
    writeFileSync(join(dir, 'ca.pem'), 'x');
    const parsed = parse(configWith({ mqtt }), undefined, dir).config.mqtt!;
    assert.deepEqual([parsed.password_file, parsed.ca_file], [join(dir, 'mqtt-password'), join(dir, 'ca.pem')]);
  });
});
