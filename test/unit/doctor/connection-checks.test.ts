import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doctorExitCode } from '../../../src/doctor/check';
import { check, configText, facts, FINGERPRINT, loaded, run, withStatus } from './fixtures';

const OTHER = FINGERPRINT.split(':').reverse().join(':');

describe('doctor on a healthy setup', () => {
  it('passes every check and exits 0', () => {
    const results = run(facts());
    assert.deepEqual(withStatus(results, 'ok'), [
      'config',
      'proxmox-reachable',
      'tls',
      'token',
      'privileges',
      'mode-vms',
      'gpu-mode',
      'shared-devices',
      'guest-agent',
      'temporal',
      'worker',
      'schedules',
    ]);
    assert.equal(doctorExitCode(results), 0);
  });
});

describe('the config check', () => {
  it('fails with every problem and the hint, and skips the rest, exit 2', () => {
    const results = run(facts({ config: { ok: false, path: '/x.yaml', problems: ['proxmox.host: missing required key'], hint: 'see docs/configuration.md' } }));
    const c = check(results, 'config');
    assert.deepEqual(
      [c.status, c.summary, c.details, c.fix],
      ['fail', 'cannot use /x.yaml', ['proxmox.host: missing required key'], ['see docs/configuration.md']],
    );
    assert.deepEqual(withStatus(results, 'fail'), ['config']);
    assert.equal(withStatus(results, 'skip').length, 11);
    assert.equal(doctorExitCode(results), 2);
  });

  it("warns with the loader's warnings", () => {
    const c = check(run(facts({ config: { ok: true, loaded: { ...loaded(), warnings: ['proxmox.verify_ssl is false'] } } })), 'config');
    assert.deepEqual([c.status, c.details], ['warn', ['proxmox.verify_ssl is false']]);
  });
});

describe('the reachability check', () => {
  it('fails on a refused port, skips what needs the host, leaves Temporal alone; exit 6', () => {
    const results = run(
      facts({ proxmox: { tcp: { answer: 'refused', detail: 'ECONNREFUSED' }, version: undefined, host: undefined, certificate: undefined } }),
    );
    assert.deepEqual(withStatus(results, 'fail'), ['proxmox-reachable']);
    assert.match(check(results, 'proxmox-reachable').summary, /192\.168\.1\.100:8006 refuses connections: nothing listens on port 8006/);
    assert.deepEqual(withStatus(results, 'skip'), ['tls', 'token', 'privileges', 'mode-vms', 'gpu-mode', 'shared-devices', 'guest-agent']);
    assert.equal(doctorExitCode(results), 6);
  });

  it('names the silence and suggests waking the host when Wake-on-LAN is configured', () => {
    const text = configText().replace('  modes:', '  wol: { mac: "BC:24:11:2E:C5:4A" }\n  modes:');
    const c = check(
      run(facts({ text, proxmox: { tcp: { answer: 'silent', detail: 'EHOSTUNREACH' }, version: undefined, host: undefined } })),
      'proxmox-reachable',
    );
    assert.equal(c.summary, 'no answer from 192.168.1.100:8006 (EHOSTUNREACH)');
    assert.ok(c.fix.includes('if the host sleeps: morpheus host wake'), c.fix.join('\n'));
  });
});

describe('the TLS check', () => {
  const refused = {
    ok: false as const,
    error: {
      kind: 'tls' as const,
      message: 'TLS verification failed (UNABLE_TO_VERIFY_LEAF_SIGNATURE): unable to verify the first certificate (GET /version)',
    },
  };

  it('fails on an untrusted certificate, showing the fingerprint to pin and the CA to use; exit 6', () => {
    const results = run(facts({ text: configText({ fingerprint: null }), proxmox: { version: refused, host: undefined } }));
    const c = check(results, 'tls');
    assert.equal(c.status, 'fail');
    assert.match(c.details[0]!, new RegExp(`SHA-256 ${FINGERPRINT}`));
    assert.match(c.fix[0]!, new RegExp(`^pin it: proxmox\\.fingerprint: "${FINGERPRINT}"`));
    assert.match(c.fix[1]!, /\/etc\/pve\/pve-root-ca\.pem .*proxmox\.ca_file/);
    assert.deepEqual(withStatus(results, 'fail'), ['tls']);
    assert.equal(check(results, 'token').summary, 'not checked: needs a trusted TLS connection');
    assert.equal(doctorExitCode(results), 6);
  });

  it('says what the host presents now when the pin no longer matches', () => {
    const mismatch = { ok: false as const, error: { kind: 'tls' as const, message: 'TLS verification failed (MORPHEUS_FINGERPRINT_MISMATCH): …' } };
    const c = check(run(facts({ text: configText({ fingerprint: OTHER }), proxmox: { version: mismatch, host: undefined } })), 'tls');
    assert.match(c.fix[0]!, new RegExp(`^the host now presents ${FINGERPRINT}, not the pinned ${OTHER}`));
  });

  it("names the certificate's names when proxmox.host is not one of them", () => {
    const misnamed = { ok: false as const, error: { kind: 'tls' as const, message: 'TLS verification failed (ERR_TLS_CERT_ALTNAME_INVALID): …' } };
    const text = configText({ fingerprint: null }).replace('  modes:', '  ca_file: "/etc/hosts"\n  modes:');
    const c = check(run(facts({ text, proxmox: { version: misnamed, host: undefined } })), 'tls');
    assert.match(c.fix[0]!, /proxmox\.host 192\.168\.1\.100 is not a name in the certificate: use one of 127\.0\.0\.1, pve, pve\.lan/);
  });

  it('warns when the certificate is not verified at all, with the pin to use', () => {
    const text = configText({ fingerprint: null }).replace('  modes:', '  verify_ssl: false\n  modes:');
    const c = check(run(facts({ text })), 'tls');
    assert.equal(c.status, 'warn');
    assert.match(c.fix[0]!, new RegExp(FINGERPRINT));
  });

  it('accepts a certificate the system trusts, or a CA file', () => {
    assert.match(check(run(facts({ text: configText({ fingerprint: null }) })), 'tls').summary, /^verified by the system's certificate authorities/);
    const text = configText({ fingerprint: null }).replace('  modes:', '  ca_file: "/etc/hosts"\n  modes:');
    assert.match(check(run(facts({ text })), 'tls').summary, /^verified against proxmox\.ca_file \/etc\/hosts/);
  });
});

describe('the token check', () => {
  it('fails on a 401 naming the token id, skips the host checks; exit 7', () => {
    const results = run(
      facts({
        proxmox: {
          version: { ok: false, error: { kind: 'auth', message: 'authentication failed: Proxmox said 401 "Authentication failed!" (GET /version)' } },
          host: undefined,
        },
      }),
    );
    assert.deepEqual(withStatus(results, 'fail'), ['token']);
    assert.match(check(results, 'token').summary, /^Proxmox refused the token morpheus@pam!morpheus-token: authentication failed/);
    assert.deepEqual(withStatus(results, 'skip'), ['privileges', 'mode-vms', 'gpu-mode', 'shared-devices', 'guest-agent']);
    assert.equal(doctorExitCode(results), 7);
  });
});
