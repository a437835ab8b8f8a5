import { it } from 'node:test';

/**
 * Tests of one describe block that build on each other, each starting from the host the one before
 * left. Once one fails, the rest skip and name it, instead of failing with a misleading message.
 * Tests that need no predecessor use `it`, or share what they read through a `before`.
 */
export function inSequence(): (name: string, fn: () => Promise<void> | void) => void {
  let failed: string | undefined;
  return (name, fn) =>
    it(name, async (t) => {
      if (failed !== undefined) {
        t.skip(`it starts from what "${failed}" leaves, and that test failed`);
        return;
      }
      try {
        await fn();
      } catch (err) {
        failed = name;
        throw err;
      }
    });
}
