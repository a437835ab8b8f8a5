import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listenUrl, parseListenAddress } from '../../../src/worker/listen-address';

describe('parseListenAddress (--metrics)', () => {
  const ok: [string, string, number][] = [
    ['127.0.0.1:9464', '127.0.0.1', 9464],
    ['0.0.0.0:9464', '0.0.0.0', 9464],
    ['localhost:1', 'localhost', 1],
    ['[::1]:9464', '::1', 9464],
    ['metrics.lan:65535', 'metrics.lan', 65535],
  ];
  for (const [text, host, port] of ok) {
    it(`reads ${text}`, () => assert.deepEqual(parseListenAddress(text), { host, port }));
  }

  for (const text of ['9464', ':9464', '127.0.0.1', '127.0.0.1:0', '127.0.0.1:65536', '::1:9464', 'http://127.0.0.1:9464', '127.0.0.1:94x', '']) {
    it(`refuses ${JSON.stringify(text)}, saying what it expects`, () => {
      const parsed = parseListenAddress(text);
      assert.ok('error' in parsed);
      assert.match(parsed.error, /^expected host:port, e\.g\. 127\.0\.0\.1:9464/);
    });
  }

  it('writes an IPv6 host in brackets in the URL', () => {
    assert.equal(listenUrl({ host: '::1', port: 9464 }), 'http://[::1]:9464');
    assert.equal(listenUrl({ host: '127.0.0.1', port: 9464 }), 'http://127.0.0.1:9464');
  });
});
