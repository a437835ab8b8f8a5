import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ENV, assertRejected, configWith, errorOf, parse } from './fixtures';

function temporalWith(env: Record<string, string>, changes: Record<string, unknown> = {}) {
  return parse(configWith(changes), { ...ENV, ...env }).config.temporal;
}

describe('Temporal environment overrides', () => {
  it('override address, namespace, task queue and api key from the file', () => {
    const temporal = temporalWith(
      { TEMPORAL_ADDRESS: 'cloud:7233', TEMPORAL_NAMESPACE: 'prod', MORPHEUS_TASK_QUEUE: 'boot', TEMPORAL_API_KEY: 'env-key' },
      { temporal: { address: 'file:7233', namespace: 'file', task_queue: 'file', api_key: 'file-key' } },
    );
    assert.deepEqual(temporal, { address: 'cloud:7233', namespace: 'prod', task_queue: 'boot', api_key: 'env-key', tls: { enabled: true } });
  });

  it('ignore empty variables', () => {
    assert.equal(temporalWith({ TEMPORAL_ADDRESS: '' }, { 'temporal.address': 'file:7233' }).address, 'file:7233');
  });

  it('turn TLS on when TEMPORAL_API_KEY is set and the file says nothing about TLS', () => {
    assert.deepEqual(temporalWith({ TEMPORAL_API_KEY: 'k' }).tls, { enabled: true });
  });

  it('let TEMPORAL_TLS=false win over an api key and over tls: true in the file', () => {
    assert.deepEqual(temporalWith({ TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'false' }).tls, { enabled: false });
    assert.deepEqual(temporalWith({ TEMPORAL_TLS: 'FALSE' }, { 'temporal.tls': true }).tls, { enabled: false });
  });

  it('let TEMPORAL_TLS=true turn on TLS that the file turned off, keeping its settings', () => {
    const tls = temporalWith({ TEMPORAL_TLS: 'true' }, { 'temporal.tls': { enabled: false, server_name: 'temporal.lan' } }).tls;
    assert.deepEqual(tls, { enabled: true, server_name: 'temporal.lan' });
  });

  it('set the server name, which turns TLS on unless the file says tls: false', () => {
    assert.deepEqual(temporalWith({ TEMPORAL_TLS_SERVER_NAME: 'x.tmprl.cloud' }).tls, { enabled: true, server_name: 'x.tmprl.cloud' });
    assert.deepEqual(temporalWith({ TEMPORAL_TLS_SERVER_NAME: 'x.tmprl.cloud' }, { 'temporal.tls': false }).tls, {
      enabled: false,
      server_name: 'x.tmprl.cloud',
    });
  });

  it('read certificate paths relative to the working directory and check they exist', () => {
    const error = errorOf(configWith(), {
      ...ENV,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: 'missing-ca.pem',
      TEMPORAL_TLS_CLIENT_CERT_PATH: 'missing-client.pem',
      TEMPORAL_TLS_CLIENT_KEY_PATH: 'missing-client.key',
    });
    assert.deepEqual(error.issues, [
      `temporal.tls.ca_file: cannot read ${resolve('missing-ca.pem')} (no such file)`,
      `temporal.tls.cert_file: cannot read ${resolve('missing-client.pem')} (no such file)`,
      `temporal.tls.key_file: cannot read ${resolve('missing-client.key')} (no such file)`,
    ]);
  });

  it('reject a TEMPORAL_TLS that is not true or false', () => {
    assertRejected(configWith(), 'TEMPORAL_TLS: expected true or false', { ...ENV, TEMPORAL_TLS: 'yes' });
  });

  it('leave a malformed temporal section for the schema to report as written', () => {
    assertRejected(configWith({ temporal: 'localhost' }), 'temporal: expected a mapping, got a string', { ...ENV, TEMPORAL_ADDRESS: 'x:1' });
  });
});
