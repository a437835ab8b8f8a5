import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyHttpFailure, type HttpFailure } from '../../../src/proxmox/classify';
import {
  ProxmoxAuthError,
  ProxmoxHttpError,
  ProxmoxPermissionError,
  ProxmoxTransientError,
  ProxmoxValidationError,
  ProxmoxVmLockedError,
  ProxmoxVmNotFoundError,
  ProxmoxVmPausedError,
  type Endpoint,
  type ProxmoxError,
} from '../../../src/proxmox/errors';

const START: Endpoint = { method: 'POST', path: '/nodes/pve/qemu/101/status/start', vmid: 101 };
const TOKEN = 'morpheus@pam!morpheus-token';

type Form = 'message body (PVE ≥ 8.3.x)' | 'reason phrase only (PVE 7, 8.0–8.3)';
const FORMS: readonly Form[] = ['message body (PVE ≥ 8.3.x)', 'reason phrase only (PVE 7, 8.0–8.3)'];

/** An error answer the way pve-http-server writes it: reason = first line; `message` only on newer servers. */
function failure(form: Form, status: number, message: string, errors?: Record<string, string>): HttpFailure {
  const body: Record<string, unknown> = { data: null };
  if (form.startsWith('message')) body['message'] = `${message}\n`;
  if (errors) body['errors'] = errors;
  return { status, reason: message.split('\n')[0]!, body: JSON.stringify(body) };
}

const classify = (f: HttpFailure, endpoint: Endpoint = START): ProxmoxError => classifyHttpFailure(endpoint, f, { tokenId: TOKEN });

for (const form of FORMS) {
  describe(`classifyHttpFailure, ${form}`, () => {
    it('turns 401 into a non-retryable ProxmoxAuthError that says how to fix the token', () => {
      // 401s always come with an empty body.
      const err = classify({ status: 401, reason: 'Authentication failed!', body: '' }, { method: 'GET', path: '/version' });
      assert.ok(err instanceof ProxmoxAuthError);
      assert.equal(err.message, 'authentication failed: Proxmox said 401 "Authentication failed!" (GET /version)');
      assert.equal(err.retryable, false);
      assert.equal(err.status, 401);
      assert.match(err.hint ?? '', /api_token_id and proxmox\.api_token_secret/);
    });

    it('turns 403 into a ProxmoxPermissionError naming the ACL path, the privilege and the token in the hint', () => {
      const err = classify(failure(form, 403, 'Permission check failed (/vms/101, VM.PowerMgmt)'));
      assert.ok(err instanceof ProxmoxPermissionError);
      assert.equal(err.aclPath, '/vms/101');
      assert.equal(err.privilege, 'VM.PowerMgmt');
      assert.equal(err.retryable, false);
      assert.equal(
        err.message,
        'VM 101: permission denied: the API token lacks VM.PowerMgmt on /vms/101: Proxmox said 403 "Permission check failed (/vms/101, VM.PowerMgmt)" (POST /nodes/pve/qemu/101/status/start)',
      );
      assert.ok(err.hint?.includes(`pveum acl modify /vms/101 --tokens '${TOKEN}'`), err.hint);
    });

    it('keeps an any-of privilege list as Proxmox wrote it', () => {
      const err = classify(failure(form, 403, 'Permission check failed (/, Sys.Audit|Sys.Modify)'), { method: 'GET', path: '/nodes/pve/hardware/pci' });
      assert.ok(err instanceof ProxmoxPermissionError);
      assert.equal(err.aclPath, '/');
      assert.equal(err.privilege, 'Sys.Audit|Sys.Modify');
    });

    it('still classifies a 403 whose text names no privilege', () => {
      const err = classify(failure(form, 403, "Permission check failed (URI '/access/ticket' not available with API token, need proper ticket.\n"));
      assert.ok(err instanceof ProxmoxPermissionError);
      assert.equal(err.privilege, undefined);
      assert.ok(err.hint?.includes(TOKEN));
    });

    it('turns 400 into a ProxmoxValidationError that lists every parameter complaint', () => {
      const errors = { timeout: "type check ('integer') failed - got 'abc'", forceStop: "type check ('boolean') failed - got 'true'\nsecond problem" };
      const err = classify(failure(form, 400, 'Parameter verification failed.', errors));
      assert.ok(err instanceof ProxmoxValidationError);
      assert.deepEqual(err.errors, errors);
      assert.equal(err.retryable, false);
      assert.equal(
        err.message,
        "VM 101: Proxmox refused the parameters: timeout: type check ('integer') failed - got 'abc'; forceStop: type check ('boolean') failed - got 'true'; second problem (POST /nodes/pve/qemu/101/status/start)",
      );
    });

    it('turns 500 "Configuration file … does not exist" into ProxmoxVmNotFoundError', () => {
      const err = classify(failure(form, 500, "Configuration file 'nodes/pve/qemu-server/999.conf' does not exist"), {
        method: 'GET',
        path: '/nodes/pve/qemu/999/status/current',
        vmid: 999,
      });
      assert.ok(err instanceof ProxmoxVmNotFoundError);
      assert.equal(err.retryable, false);
      assert.equal(err.proxmoxMessage, "Configuration file 'nodes/pve/qemu-server/999.conf' does not exist");
    });

    it('turns 500 "VM is locked (backup)" and the lock-file timeout into a retryable ProxmoxVmLockedError', () => {
      for (const text of ['VM is locked (backup)', "can't lock file '/var/lock/qemu-server/lock-101.conf' - got timeout"]) {
        const err = classify(failure(form, 500, text));
        assert.ok(err instanceof ProxmoxVmLockedError, text);
        assert.equal(err.retryable, true);
        assert.equal(err.message, `VM 101: VM is locked: Proxmox said 500 "${text}" (POST /nodes/pve/qemu/101/status/start)`);
      }
    });

    it('turns 500 "VM is paused - cannot shutdown" into a ProxmoxVmPausedError that is not retried and says how to resume', () => {
      const err = classify(failure(form, 500, 'VM is paused - cannot shutdown'), { method: 'POST', path: '/nodes/pve/qemu/101/status/shutdown', vmid: 101 });
      assert.ok(err instanceof ProxmoxVmPausedError);
      assert.equal(err.retryable, false);
      assert.equal(
        err.message,
        'VM 101: paused (suspended), so it cannot shut down cleanly: Proxmox said 500 "VM is paused - cannot shutdown" (POST /nodes/pve/qemu/101/status/shutdown)',
      );
      assert.match(err.hint ?? '', /`qm resume 101`/);
    });

    it('treats any other 500 as transient (e.g. a fork failure)', () => {
      const err = classify(failure(form, 500, 'got no worker upid - start worker failed'));
      assert.ok(err instanceof ProxmoxTransientError);
      assert.equal(err.retryable, true);
      assert.equal(err.proxmoxMessage, 'got no worker upid - start worker failed');
    });

    it('treats the 595/596 proxy pseudo-statuses as transient', () => {
      for (const [status, reason] of [
        [595, 'No route to host'],
        [596, 'Connection timed out'],
      ] as const) {
        const err = classify({ status, reason, body: '' });
        assert.ok(err instanceof ProxmoxTransientError, String(status));
        assert.equal(err.status, status);
        assert.match(err.message, new RegExp(`Proxmox said ${status} "${reason}"`));
      }
    });

    it('turns 501 into a non-retryable ProxmoxHttpError asking whether the host is a Proxmox node', () => {
      const err = classify(failure(form, 501, "Method 'GET /nodes/pve/foo' not implemented"), { method: 'GET', path: '/nodes/pve/foo' });
      assert.ok(err instanceof ProxmoxHttpError);
      assert.equal(err.retryable, false);
      assert.match(err.hint ?? '', /does not implement this API path/);
    });

    it('turns a redirect into a ProxmoxHttpError pointing at the HTTPS port', () => {
      const err = classify({ status: 301, reason: 'Moved Permanently', body: '' }, { method: 'GET', path: '/version' });
      assert.ok(err instanceof ProxmoxHttpError);
      assert.equal(err.message, 'unexpected redirect: Proxmox said 301 "Moved Permanently" (GET /version)');
      assert.match(err.hint ?? '', /port 8006/);
    });
  });
}

describe('classifyHttpFailure, reading the message', () => {
  it('prefers the body message, which is not cut at the first line', () => {
    const f: HttpFailure = { status: 500, reason: 'first line', body: JSON.stringify({ data: null, message: 'first line\nsecond line\n' }) };
    assert.equal(classify(f).proxmoxMessage, 'first line\nsecond line');
  });

  it('falls back to the reason phrase when the body is not JSON (a proxy in front of Proxmox)', () => {
    const err = classify({ status: 502, reason: 'Bad Gateway', body: '<html><body>502 Bad Gateway</body></html>' });
    assert.ok(err instanceof ProxmoxTransientError);
    assert.equal(err.proxmoxMessage, 'Bad Gateway');
  });

  it('uses a placeholder token id in the hint when none is known', () => {
    const err = classifyHttpFailure(START, failure(FORMS[0]!, 403, 'Permission check failed (/vms/101, VM.PowerMgmt)'));
    assert.ok(err.hint?.includes("--tokens '<token id>'"), err.hint);
  });
});
