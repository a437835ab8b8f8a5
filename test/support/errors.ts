import assert from 'node:assert/strict';

/** The texts of an error and its cause chain that a user could see: messages and hints. */
function visibleTexts(err: unknown): string[] {
  const out: string[] = [];
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    for (const key of ['message', 'hint', 'proxmoxMessage', 'stack'] as const) {
      const v = (e as Record<string, unknown>)[key];
      if (typeof v === 'string') out.push(v);
    }
  }
  return out;
}

/** Fails when any message, hint or stack along the cause chain contains one of the secrets. */
export function assertNoSecret(err: unknown, secrets: readonly string[]): void {
  for (const text of visibleTexts(err)) {
    for (const secret of secrets) assert.ok(!text.includes(secret), `an error text contains a token secret: ${text.replace(secret, '<SECRET>')}`);
  }
}

/** Awaits a rejection of the given class, checks it leaks no secret, and returns it for more assertions. */
export async function rejectsWith<T>(promise: Promise<unknown>, type: abstract new (...args: never[]) => T, secrets: readonly string[]): Promise<T> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  assert.ok(caught !== undefined, `expected a ${type.name}, but the call succeeded`);
  assertNoSecret(caught, secrets);
  if (!(caught instanceof type)) {
    const e = caught as { name?: string; message?: string };
    assert.fail(`expected a ${type.name}, got ${e.name ?? typeof caught}: ${e.message ?? String(caught)}`);
  }
  return caught;
}
