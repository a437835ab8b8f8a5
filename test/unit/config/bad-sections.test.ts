import { describe, it } from 'node:test';
import { assertRejected, configWith } from './fixtures';

// [what is wrong, config text, the one issue expected]
const cases: [string, string, string][] = [
  ['an empty switch section', configWith().replace(/}\n$/, ',\n"switch": null}\n'), 'switch: expected a mapping, got an empty value'],
  ['rollback written as a string', configWith({ 'switch.rollback': 'no' }), 'switch.rollback: expected true or false, got a string'],
  ['a switch shutdown_timeout of zero', configWith({ 'switch.shutdown_timeout': 0 }), 'switch.shutdown_timeout: expected a duration from 1s to 1h'],
  ['a start_timeout over an hour', configWith({ 'switch.start_timeout': '61m' }), 'switch.start_timeout: expected a duration from 1s to 1h'],
  ['a network_timeout over an hour', configWith({ 'switch.network_timeout': 3601 }), 'switch.network_timeout: expected a duration from 0s to 1h'],
  [
    'an unknown switch key',
    configWith({ 'switch.retries': 3 }),
    "switch: unknown key 'retries'; known keys: rollback, shutdown_timeout, start_timeout, network_timeout",
  ],
  [
    'a Temporal address with a scheme',
    configWith({ 'temporal.address': 'http://localhost:7233' }),
    'temporal.address: expected host:port without a scheme, e.g. localhost:7233',
  ],
  ['an empty namespace', configWith({ 'temporal.namespace': ' ' }), 'temporal.namespace: expected a non-empty string'],
  ['tls written as a string', configWith({ 'temporal.tls': 'yes' }), 'temporal.tls: expected true, false or a mapping of TLS settings, got a string'],
  ['a shortened key inside tls', configWith({ 'temporal.tls': { cert: 'client.pem' } }), "temporal.tls: unknown key 'cert'; did you mean 'cert_file'?"],
  [
    'a tls server_name that is a number',
    configWith({ 'temporal.tls': { server_name: 5 } }),
    'temporal.tls.server_name: expected a non-empty string, got an integer',
  ],
];

describe('invalid switch and temporal sections', () => {
  for (const [what, text, issue] of cases) {
    it(`rejects ${what} with one line naming the key`, () => assertRejected(text, issue));
  }
});
