import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interpolateEnv } from '../../../src/config/interpolate';
import { ENV, SECRET, assertRejected, configWith, errorOf, parse } from './fixtures';

describe('${VAR} interpolation', () => {
  it('replaces a reference with the variable', () => {
    assert.equal(parse(configWith()).config.proxmox.api_token_secret, SECRET);
  });

  it('replaces references anywhere inside strings, including in lists', () => {
    const { value, issues } = interpolateEnv({ a: ['x-${A}-y', { b: '${A}${B}' }], n: 5 }, { A: '1', B: '2' });
    assert.deepEqual(value, { a: ['x-1-y', { b: '12' }], n: 5 });
    assert.deepEqual(issues, []);
  });

  it('reads $${ as a literal ${', () => {
    assert.deepEqual(interpolateEnv('$${HOME} costs $5', {}).value, '${HOME} costs $5');
  });

  it('accepts a variable set to the empty string as set', () => {
    assert.deepEqual(interpolateEnv('a${EMPTY}b', { EMPTY: '' }), { value: 'ab', issues: [] });
  });

  it('names the variable and the key when the variable is not set', () => {
    assertRejected(
      configWith(),
      'proxmox.api_token_secret: environment variable PROXMOX_API_TOKEN is not set (referenced as ${PROXMOX_API_TOKEN}); export it or put the value in the file',
      {},
    );
  });

  it('uses list indices in the key path', () => {
    const text = configWith({ 'proxmox.modes.shared.conflicts_with': ['linux', '${MODE}'] });
    assert.deepEqual(errorOf(text).issues, [
      'proxmox.modes.shared.conflicts_with[1]: environment variable MODE is not set (referenced as ${MODE}); export it or put the value in the file',
    ]);
  });

  it('reports a malformed reference without echoing the value', () => {
    assertRejected(
      configWith({ 'proxmox.api_token_secret': 'abc${not closed' }),
      'proxmox.api_token_secret: malformed ${...} reference; expected ${NAME} with letters, digits and underscores, or $${ for a literal ${',
    );
  });

  it('reports unset variables together with schema problems', () => {
    const text = configWith({ 'proxmox.port': 'x', 'temporal.api_key': '${TEMPORAL_API_KEY}' });
    assert.deepEqual(errorOf(text).issues, [
      'temporal.api_key: environment variable TEMPORAL_API_KEY is not set (referenced as ${TEMPORAL_API_KEY}); export it or put the value in the file',
      'proxmox.port: expected an integer from 1 to 65535, got a string',
    ]);
  });

  it('does not read process.env when an env is injected', () => {
    process.env.MORPHEUS_TEST_ONLY_VAR = 'leaked';
    try {
      const text = configWith({ 'proxmox.modes.linux.description': '${MORPHEUS_TEST_ONLY_VAR}' });
      assert.match(errorOf(text, ENV).message, /MORPHEUS_TEST_ONLY_VAR is not set/);
    } finally {
      delete process.env.MORPHEUS_TEST_ONLY_VAR;
    }
  });
});

describe('secrets in error messages', () => {
  const secret = 'S3CR3T+do/not_print';
  // Each puts the secret somewhere it does not belong, or makes a key holding it invalid.
  const leaks: [string, Record<string, unknown>, Record<string, string>][] = [
    ['the secret in the token id', { 'proxmox.api_token_id': secret }, ENV],
    ['the secret as the host', { 'proxmox.host': secret }, ENV],
    ['the secret as a port, via the environment', { 'proxmox.port': '${PROXMOX_API_TOKEN}' }, { PROXMOX_API_TOKEN: secret }],
    ['the secret under an unknown key', { 'proxmox.api_token': secret }, ENV],
    ['the secret as a gpu_mode', { 'proxmox.modes.linux.gpu_mode': secret }, ENV],
    ['the secret as a duration', { 'switch.start_timeout': secret }, ENV],
    ['the secret as tls', { 'temporal.tls': secret }, ENV],
    ['the secret as a Temporal address', { 'temporal.address': `${secret} x` }, ENV],
    ['the secret with a bad api_key', { 'proxmox.api_token_secret': secret, 'temporal.api_key': 7 }, ENV],
  ];
  for (const [what, changes, env] of leaks) {
    it(`never shows it with ${what}`, () => {
      const error = errorOf(configWith(changes), env);
      assert.ok(!error.message.includes(secret), error.message);
      assert.ok(!error.issues.some((issue) => issue.includes(secret)));
      assert.ok(!String(error.hint).includes(secret));
    });
  }
});
