import { describe, it } from 'node:test';
import { assertRejected, configWith } from './fixtures';

const HOST = 'a hostname, IPv4 address or IPv6 address (without brackets)';
const DURATION = 'a duration (a non-negative number of seconds, or a string like "500ms", "90s", "2m", "1h" or "7d")';

// [what is wrong, config text, the one issue expected]
const cases: [string, string, string][] = [
  ['a missing host', configWith({ 'proxmox.host': undefined }), `proxmox.host: missing required key; expected ${HOST}`],
  ['a host with a port', configWith({ 'proxmox.host': 'pve.lan:8006' }), `proxmox.host: expected ${HOST}`],
  ['a bracketed IPv6 host', configWith({ 'proxmox.host': '[::1]' }), `proxmox.host: expected ${HOST}`],
  ['an IPv4 host with an octet over 255', configWith({ 'proxmox.host': '10.0.0.256' }), `proxmox.host: expected ${HOST}`],
  ['a host URL', configWith({ 'proxmox.host': 'https://pve.lan' }), `proxmox.host: expected ${HOST}`],
  ['a port given as a string', configWith({ 'proxmox.port': '8006' }), 'proxmox.port: expected an integer from 1 to 65535, got a string'],
  ['port 70000', configWith({ 'proxmox.port': 70000 }), 'proxmox.port: expected an integer from 1 to 65535'],
  ['a negative port', configWith({ 'proxmox.port': -1 }), 'proxmox.port: expected an integer from 1 to 65535'],
  ['port 0', configWith({ 'proxmox.port': 0 }), 'proxmox.port: expected an integer from 1 to 65535'],
  ['a fractional port', configWith({ 'proxmox.port': 80.5 }), 'proxmox.port: expected an integer from 1 to 65535, got a fractional number'],
  [
    'a port too large to represent',
    configWith().replace('"host"', '"port": 1e400,\n    "host"'),
    'proxmox.port: expected an integer from 1 to 65535, got a number too large to represent',
  ],
  ['an empty node', configWith({ 'proxmox.node': '' }), 'proxmox.node: expected a Proxmox node name (letters, digits and inner hyphens)'],
  ['a node ending in a hyphen', configWith({ 'proxmox.node': 'pve-' }), 'proxmox.node: expected a Proxmox node name (letters, digits and inner hyphens)'],
  [
    'a token id without a realm',
    configWith({ 'proxmox.api_token_id': 'morpheus!token' }),
    'proxmox.api_token_id: expected an API token id like USER@REALM!TOKENID',
  ],
  [
    'a token id without a token name',
    configWith({ 'proxmox.api_token_id': 'morpheus@pam' }),
    'proxmox.api_token_id: expected an API token id like USER@REALM!TOKENID',
  ],
  ['an empty token secret', configWith({ 'proxmox.api_token_secret': '' }), 'proxmox.api_token_secret: expected a non-empty string'],
  ['a numeric token secret', configWith({ 'proxmox.api_token_secret': 1234 }), 'proxmox.api_token_secret: expected a non-empty string, got an integer'],
  ['verify_ssl written as yes', configWith({ 'proxmox.verify_ssl': 'yes' }), 'proxmox.verify_ssl: expected true or false, got a string'],
  [
    'a fingerprint that is too short',
    configWith({ 'proxmox.fingerprint': 'AA:BB:CC' }),
    'proxmox.fingerprint: expected a SHA-256 fingerprint: 32 colon-separated hex bytes (AA:BB:...)',
  ],
  [
    'a SHA-1 fingerprint',
    configWith({ 'proxmox.fingerprint': Array(20).fill('AB').join(':') }),
    'proxmox.fingerprint: expected a SHA-256 fingerprint: 32 colon-separated hex bytes (AA:BB:...)',
  ],
  ['a duration without a unit', configWith({ 'proxmox.request_timeout': '15' }), `proxmox.request_timeout: expected ${DURATION}`],
  ['a duration in words', configWith({ 'proxmox.request_timeout': '5 minutes' }), `proxmox.request_timeout: expected ${DURATION}`],
  ['a negative duration', configWith({ 'proxmox.request_timeout': -5 }), `proxmox.request_timeout: expected ${DURATION}`],
  ['a duration given as a boolean', configWith({ 'proxmox.request_timeout': true }), `proxmox.request_timeout: expected ${DURATION}, got a boolean`],
  ['a request timeout over 5 minutes', configWith({ 'proxmox.request_timeout': '10m' }), 'proxmox.request_timeout: expected a duration from 100ms to 5m'],
  ['a typo in a key', configWith({ 'proxmox.verfy_ssl': false }), "proxmox: unknown key 'verfy_ssl'; did you mean 'verify_ssl'?"],
  [
    'a key that resembles none',
    configWith({ 'proxmox.password': 'x' }),
    "proxmox: unknown key 'password'; known keys: host, port, node, api_token_id, api_token_secret, api_token_secret_file, verify_ssl, fingerprint, ca_file, request_timeout, wol, modes",
  ],
  [
    'a Wake-on-LAN MAC with five bytes',
    configWith({ 'proxmox.wol': { mac: 'BC:24:11:2E:C5' } }),
    'proxmox.wol.mac: expected a MAC address like AA:BB:CC:DD:EE:FF',
  ],
  [
    'a Wake-on-LAN broadcast given as a name',
    configWith({ 'proxmox.wol': { mac: 'BC:24:11:2E:C5:4A', broadcast: 'lan' } }),
    'proxmox.wol.broadcast: expected an IPv4 broadcast address like 192.168.1.255',
  ],
  [
    'a Wake-on-LAN wait of 1s',
    configWith({ 'proxmox.wol': { mac: 'BC:24:11:2E:C5:4A', timeout: '1s' } }),
    'proxmox.wol.timeout: expected a duration from 10s to 1h',
  ],
  [
    'a Wake-on-LAN section without a MAC',
    configWith({ 'proxmox.wol': { port: 9 } }),
    'proxmox.wol.mac: missing required key; expected a MAC address like AA:BB:CC:DD:EE:FF',
  ],
  ['a typo in a section name', configWith({ swich: {} }), "top level: unknown key 'swich'; did you mean 'switch'?"],
  ['a missing proxmox section', JSON.stringify({ switch: {} }), 'proxmox: missing required key; expected a mapping'],
  ['a proxmox section that is a list', JSON.stringify({ proxmox: [] }), 'proxmox: expected a mapping, got a list'],
];

describe('invalid proxmox settings', () => {
  for (const [what, text, issue] of cases) {
    it(`rejects ${what} with one line naming the key`, () => assertRejected(text, issue));
  }

  it('names a missing ca_file with its resolved path', () => {
    assertRejected(configWith({ 'proxmox.ca_file': 'certs/ca.pem' }), 'proxmox.ca_file: cannot read /nonexistent/certs/ca.pem (no such file)');
  });
});
