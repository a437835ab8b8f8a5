import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot } from '../../src/shared/project-root';

// Node 20's crypto could deadlock in the simulator's certificate generation: an EC key generation job
// destroyed by the garbage collector while an export of the very key it made held that key's lock
// (`KeyObjectHandle::ExportJWK` → allocation → GC → `~KeyGenJob` → the same mutex). A tiny young
// generation makes the collector run at nearly every allocation; with the old code this process hung
// within a few thousand certificates every time. It must finish, however long the machine takes.
const CERTIFICATES = 10_000;
const HANG_MS = 300_000;

describe('simulator certificate generation under constant garbage collection', () => {
  it(`makes ${CERTIFICATES} EC certificate pairs in one process without hanging`, async () => {
    const certificate = join(projectRoot(), 'dist', 'src', 'simulator', 'tls', 'certificate.js');
    const script = `const { createPveCertificates } = require(${JSON.stringify(certificate)}); for (let i = 0; i < ${CERTIFICATES}; i++) createPveCertificates({ keyType: 'ec' }); console.log('done');`;
    const outcome = await new Promise<{ code: number | null; signal: string | null; stdout: string }>((resolve) => {
      const child = execFile(process.execPath, ['--max-semi-space-size=1', '-e', script], { timeout: HANG_MS, killSignal: 'SIGKILL' }, (_err, stdout) =>
        resolve({ code: child.exitCode, signal: child.signalCode, stdout }),
      );
    });
    assert.equal(outcome.signal, null, `the generation hung and was killed after ${HANG_MS / 1000} s`);
    assert.equal(outcome.code, 0);
    assert.equal(outcome.stdout.trim(), 'done');
  });
});
