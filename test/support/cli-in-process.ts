import { Writable } from 'node:stream';
import { main } from '../../src/cli/main';
import type { CliRun } from './cli';

/** A stream that keeps what is written to it, as a pipe would (not a terminal). */
class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/**
 * Runs `morpheus …` in this process through the same entry point as the binary: for input the CLI must
 * refuse before it starts or contacts anything, where a process per case would only add time.
 */
export async function runMain(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main([...args], { stdout, stderr, env: { NO_COLOR: '1', ...env } });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
