import { describe, it } from 'node:test';
import { assertRejected, configWith } from './fixtures';

const VMID = 'an integer from 100 to 999999999';
const MODE_NAME = "invalid mode name; expected lowercase letters, digits, '_' or '-', starting with a letter or digit, at most 63 characters";

// [what is wrong, config text, the one issue expected]
const cases: [string, string, string][] = [
  ['missing modes', configWith({ 'proxmox.modes': undefined }), 'proxmox.modes: missing required key; expected a mapping of mode names to modes'],
  ['empty modes', configWith({ 'proxmox.modes': {} }), 'proxmox.modes: expected at least one mode'],
  ['modes given as a list', configWith({ 'proxmox.modes': ['linux'] }), 'proxmox.modes: expected a mapping of mode names to modes, got a list'],
  ['a mode name with capitals', configWith({ 'proxmox.modes.Linux': { vmid: 105, gpu_mode: 'none' } }), `proxmox.modes.Linux: ${MODE_NAME}`],
  ['a mode name with a space', configWith({ 'proxmox.modes.my mode': { vmid: 105, gpu_mode: 'none' } }), `proxmox.modes["my mode"]: ${MODE_NAME}`],
  [
    'a mode name of 64 characters',
    configWith({ [`proxmox.modes.${'a'.repeat(64)}`]: { vmid: 105, gpu_mode: 'none' } }),
    `proxmox.modes.${'a'.repeat(64)}: ${MODE_NAME}`,
  ],
  ['a mode that is not a mapping', configWith({ 'proxmox.modes.linux': 101 }), 'proxmox.modes.linux: expected a mapping, got an integer'],
  ['a missing vmid', configWith({ 'proxmox.modes.linux.vmid': undefined }), `proxmox.modes.linux.vmid: missing required key; expected ${VMID}`],
  ['vmid "abc"', configWith({ 'proxmox.modes.linux.vmid': 'abc' }), `proxmox.modes.linux.vmid: expected ${VMID}, got a string`],
  ['vmid 5', configWith({ 'proxmox.modes.linux.vmid': 5 }), `proxmox.modes.linux.vmid: expected ${VMID}`],
  ['a vmid past 999999999', configWith({ 'proxmox.modes.linux.vmid': 1_000_000_000 }), `proxmox.modes.linux.vmid: expected ${VMID}`],
  [
    'a vmid beyond the safe integer range',
    configWith().replace('"vmid": 101', '"vmid": 123456789012345678901234567890'),
    `proxmox.modes.linux.vmid: expected ${VMID}`,
  ],
  ['an unknown gpu_mode', configWith({ 'proxmox.modes.linux.gpu_mode': 'full' }), 'proxmox.modes.linux.gpu_mode: expected one of exclusive, shared, none'],
  [
    'a misspelt gpu_mode',
    configWith({ 'proxmox.modes.linux.gpu_mode': 'exlusive' }),
    'proxmox.modes.linux.gpu_mode: expected one of exclusive, shared, none; did you mean "exclusive"?',
  ],
  [
    'a missing gpu_mode',
    configWith({ 'proxmox.modes.linux.gpu_mode': undefined }),
    'proxmox.modes.linux.gpu_mode: missing required key; expected one of exclusive, shared, none',
  ],
  [
    'a description that is a number',
    configWith({ 'proxmox.modes.linux.description': 7 }),
    'proxmox.modes.linux.description: expected a string, got an integer',
  ],
  [
    'conflicts_with given as a string',
    configWith({ 'proxmox.modes.linux.conflicts_with': 'windows' }),
    'proxmox.modes.linux.conflicts_with: expected a list, got a string',
  ],
  [
    'a conflict that is not a string',
    configWith({ 'proxmox.modes.linux.conflicts_with': [102] }),
    'proxmox.modes.linux.conflicts_with[0]: expected a string, got an integer',
  ],
  ['a typo inside a mode', configWith({ 'proxmox.modes.linux.gpumode': 'none' }), "proxmox.modes.linux: unknown key 'gpumode'; did you mean 'gpu_mode'?"],
  [
    'an unknown network wait',
    configWith({ 'proxmox.modes.linux.network': { wait: 'ping' } }),
    'proxmox.modes.linux.network.wait: expected one of agent, tcp, none',
  ],
  [
    'a tcp wait without a port',
    configWith({ 'proxmox.modes.linux.network': { wait: 'tcp', host: '10.0.0.5' } }),
    'proxmox.modes.linux.network.port: required when wait is tcp; expected an integer from 1 to 65535',
  ],
  [
    'a tcp wait without a host',
    configWith({ 'proxmox.modes.linux.network': { wait: 'tcp', port: 22 } }),
    'proxmox.modes.linux.network.host: required when wait is tcp; expected a hostname or IP address',
  ],
  ['a port with the agent wait', configWith({ 'proxmox.modes.linux.network': { port: 22 } }), 'proxmox.modes.linux.network.port: only used when wait is tcp'],
  [
    'a timeout with wait: none',
    configWith({ 'proxmox.modes.linux.network': { wait: 'none', timeout: 5 } }),
    'proxmox.modes.linux.network.timeout: not used when wait is none',
  ],
  [
    'a network timeout over an hour',
    configWith({ 'proxmox.modes.linux.network': { timeout: '2h' } }),
    'proxmox.modes.linux.network.timeout: expected a duration from 0s to 1h',
  ],
  [
    'a mode shutdown_timeout under a second',
    configWith({ 'proxmox.modes.linux.shutdown_timeout': '500ms' }),
    'proxmox.modes.linux.shutdown_timeout: expected a duration from 1s to 1h',
  ],
];

describe('invalid modes', () => {
  for (const [what, text, issue] of cases) {
    it(`rejects ${what} with one line naming the key`, () => assertRejected(text, issue));
  }
});
