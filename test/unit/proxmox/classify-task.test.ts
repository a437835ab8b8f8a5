import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FINGERPRINT_CHANGED_HINT, TLS_HINT, classifyTaskFailure, classifyTransportFailure, isTaskSuccess } from '../../../src/proxmox/classify';
import {
  ProxmoxPciBusyError,
  ProxmoxTaskFailedError,
  ProxmoxTlsError,
  ProxmoxTransientError,
  ProxmoxVmLockedError,
  ProxmoxVmNotFoundError,
  type Endpoint,
} from '../../../src/proxmox/errors';
import { FingerprintMismatchError } from '../../../src/proxmox/tls';

const UPID = 'UPID:pve:0003A2F1:01B7C3D2:66F2A1B0:qmstart:102:morpheus@pam!morpheus-token:';
const TASK: Endpoint = { method: 'GET', path: `/nodes/pve/tasks/${UPID}/status`, vmid: 102 };
const VERSION: Endpoint = { method: 'GET', path: '/version' };

describe('isTaskSuccess', () => {
  const table: [string, boolean][] = [
    ['OK', true],
    ['WARNINGS: 2', true],
    ['WARNINGS: 15', true],
    ['WARNINGS: ', false],
    ['ok', false],
    ['unexpected status', false],
    ['VM 102 already running', false],
    ['TASK OK', false],
  ];
  for (const [exit, expected] of table) {
    it(`says ${JSON.stringify(exit)} is ${expected ? 'a success' : 'a failure'}`, () => assert.equal(isTaskSuccess(exit), expected));
  }
});

describe('classifyTaskFailure', () => {
  const table: [string, string, new (...args: never[]) => Error][] = [
    ["Configuration file 'nodes/pve/qemu-server/999.conf' does not exist", 'ProxmoxVmNotFoundError', ProxmoxVmNotFoundError],
    ["unable to find configuration file for VM 999 on node 'pve'", 'ProxmoxVmNotFoundError', ProxmoxVmNotFoundError],
    ['VM is locked (backup)', 'ProxmoxVmLockedError', ProxmoxVmLockedError],
    ["can't lock file '/var/lock/qemu-server/lock-102.conf' - got timeout", 'ProxmoxVmLockedError', ProxmoxVmLockedError],
    ["PCI device '0000:01:00.0' already in use by VMID '101'", 'ProxmoxPciBusyError', ProxmoxPciBusyError],
    ["PCI device '0000:01:00.0' is currently reserved for use by VMID '104'", 'ProxmoxPciBusyError', ProxmoxPciBusyError],
    ["could not find a free device for 'hostpci0'", 'ProxmoxPciBusyError', ProxmoxPciBusyError],
    ['start failed: QEMU exited with code 1', 'ProxmoxTaskFailedError', ProxmoxTaskFailedError],
    ['VM quit/powerdown failed - got timeout', 'ProxmoxTaskFailedError', ProxmoxTaskFailedError],
    ['VM 102 already running', 'ProxmoxTaskFailedError', ProxmoxTaskFailedError],
  ];
  for (const [exit, name, type] of table) {
    it(`maps "${exit}" to ${name}`, () => {
      const err = classifyTaskFailure(TASK, UPID, exit);
      assert.ok(err instanceof type);
      assert.equal(err.name, name);
      assert.equal(err.proxmoxMessage, exit);
      assert.ok(err.message.startsWith('VM 102: '), err.message);
      assert.ok(err.message.includes(`task ${UPID} failed: "${exit}"`), err.message);
    });
  }

  it('makes only the lock failures retryable', () => {
    assert.equal(classifyTaskFailure(TASK, UPID, 'VM is locked (snapshot)').retryable, true);
    assert.equal(classifyTaskFailure(TASK, UPID, "PCI device '0000:01:00.0' already in use by VMID '101'").retryable, false);
    assert.equal(classifyTaskFailure(TASK, UPID, 'start failed: QEMU exited with code 1').retryable, false);
  });

  it('keeps the UPID on a generic task failure and hints at the GPU holder on a PCI conflict', () => {
    const failed = classifyTaskFailure(TASK, UPID, 'start failed: QEMU exited with code 1');
    assert.ok(failed instanceof ProxmoxTaskFailedError);
    assert.equal(failed.upid, UPID);
    const busy = classifyTaskFailure(TASK, UPID, "PCI device '0000:01:00.0' already in use by VMID '101'");
    assert.match(busy.hint ?? '', /another VM holds the passed-through device/);
  });
});

const coded = (code: string, message: string, cause?: unknown): Error => Object.assign(new Error(message, { cause }), { code });

describe('classifyTransportFailure', () => {
  const tls: [string, unknown][] = [
    ['a self-signed certificate', coded('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate')],
    ['an unknown issuer', coded('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate')],
    ['an expired certificate', coded('CERT_HAS_EXPIRED', 'certificate has expired')],
    ['a host name not in the SANs', coded('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames")],
    [
      'a TLS error wrapped by undici',
      new TypeError('fetch failed', { cause: coded('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain') }),
    ],
  ];
  for (const [what, err] of tls) {
    it(`turns ${what} into a non-retryable ProxmoxTlsError whose hint says how to get the fingerprint`, () => {
      const out = classifyTransportFailure(VERSION, err);
      assert.ok(out instanceof ProxmoxTlsError);
      assert.equal(out.retryable, false);
      assert.ok(out.hint?.endsWith(TLS_HINT), out.hint);
      assert.match(out.hint ?? '', /pvenode cert info/);
      assert.equal(out.cause, err);
    });
  }

  it('tells how to renew an expired certificate, and names the code once', () => {
    const out = classifyTransportFailure(VERSION, coded('CERT_HAS_EXPIRED', 'certificate has expired'));
    assert.match(out.hint ?? '', /^the node's certificate is outside its validity dates: renew it on the host with `pvecm updatecerts --force`/);
    const pin = classifyTransportFailure(VERSION, new FingerprintMismatchError('AA:BB', 'CC:DD'));
    assert.equal(pin.message.split('MORPHEUS_FINGERPRINT_MISMATCH').length, 2, pin.message);
  });

  it('names both fingerprints on a pin mismatch, and advises the cluster CA, which survives certificate renewals', () => {
    const out = classifyTransportFailure(VERSION, new FingerprintMismatchError('AA:BB', 'CC:DD'));
    assert.ok(out instanceof ProxmoxTlsError);
    assert.equal(out.retryable, false);
    assert.match(out.message, /the server presented certificate CC:DD, but proxmox\.fingerprint pins AA:BB/);
    assert.equal(out.hint, FINGERPRINT_CHANGED_HINT);
    assert.match(out.hint ?? '', /renewed its certificate .*set proxmox\.ca_file to a copy of \/etc\/pve\/pve-root-ca\.pem .*`pvenode cert info`/);
  });

  const transient: [string, unknown][] = [
    ['a refused connection', coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:8006')],
    ['a reset connection', coded('ECONNRESET', 'read ECONNRESET')],
    ['a socket closed by the other side', coded('UND_ERR_SOCKET', 'other side closed', coded('ECONNRESET', 'read ECONNRESET'))],
    ['a connect timeout', coded('UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error')],
    ['something that is not an Error', 'boom'],
  ];
  for (const [what, err] of transient) {
    it(`turns ${what} into a retryable ProxmoxTransientError`, () => {
      const out = classifyTransportFailure(VERSION, err);
      assert.ok(out instanceof ProxmoxTransientError);
      assert.equal(out.retryable, true);
      assert.match(out.hint ?? '', /proxmox\.host and proxmox\.port/);
    });
  }

  it('names the codes and messages along the cause chain once each', () => {
    const out = classifyTransportFailure(VERSION, coded('UND_ERR_SOCKET', 'other side closed', coded('ECONNRESET', 'read ECONNRESET')));
    assert.equal(out.message, 'cannot reach Proxmox: UND_ERR_SOCKET other side closed: ECONNRESET read ECONNRESET (GET /version)');
  });
});
