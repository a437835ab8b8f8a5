import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startOneRequestThread, ThreadError } from '../../../src/cli/threads/one-request';
import { ExitCode, MorpheusError } from '../../../src/errors';
import type { AnsweringThreadRequest } from '../../fixtures/answering-thread';

const BODY = join(__dirname, '..', '..', 'fixtures', 'answering-thread.js');

const ask = (request: AnsweringThreadRequest, timeoutMs = 10_000): Promise<unknown> =>
  startOneRequestThread<AnsweringThreadRequest, unknown>(BODY).ask(request, timeoutMs);

describe('a one-request thread (what mode list, mode status and mode switch read on the other core)', () => {
  it('answers with plain data, dates included', async () => {
    const value = { node: 'pve', vms: [{ vmid: 101, status: 'running' }], at: new Date(0) };
    assert.deepEqual(await ask({ do: 'echo', value }), value);
  });

  it("keeps a user's error as the CLI shows it: message, hint, exit code, code", async () => {
    const err = await ask({ do: 'user-error' }).then(
      () => assert.fail('no error'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof MorpheusError && err instanceof ThreadError);
    assert.equal(err.message, 'unknown mode "vr2"');
    assert.equal(err.hint, 'run `morpheus mode list`');
    assert.equal(err.exitCode, ExitCode.usage);
    assert.equal(err.code, 'MORPHEUS_USAGE');
    assert.equal(err.name, 'UsageError');
  });

  it('keeps a bug a bug: a plain error with its message and the stack from the thread', async () => {
    const err = await ask({ do: 'bug' }).then(
      () => assert.fail('no error'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof Error && !(err instanceof MorpheusError));
    assert.equal(err.message, 'cannot read properties of undefined');
    assert.match(err.stack ?? '', /answering-thread/);
  });

  it('rejects when the thread stops without answering, naming its exit code', async () => {
    await assert.rejects(ask({ do: 'exit' }), /the thread stopped \(exit code 3\)/);
  });

  it('rejects when the thread outlasts its time, and ends the thread (it answers once)', async () => {
    const beats = new Int32Array(new SharedArrayBuffer(4));
    await assert.rejects(ask({ do: 'hang', beats }, 300), /no answer within 0.3 s/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = Atomics.load(beats, 0);
    assert.ok(after > 0, 'the thread was running');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(Atomics.load(beats, 0), after, 'the thread still runs after its ask settled');
  });
});
