import { createInterface } from 'node:readline/promises';
import type { Ask } from './init';

/** Questions on a terminal: asked on stderr (stdout may be the config, with --print), read from stdin. */
export function terminalAsk(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): { ask: Ask; close(): void } {
  const rl = createInterface({ input, output });
  return {
    ask: async (question, fallback) => (await rl.question(`${question} `)).trim() || fallback,
    close: () => rl.close(),
  };
}
