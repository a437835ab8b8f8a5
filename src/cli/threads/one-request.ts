import { Worker } from 'node:worker_threads';
import { ExitCode, MorpheusError } from '../../errors';
import type { ThreadAnswer } from './answer-once';

/**
 * A worker thread started now that answers one request later: what it loads and reads runs on the
 * machine's other core while the command's own thread does its part. The thread's body calls
 * `answerOnce` (answer-once.ts).
 */
export interface OneRequestThread<Request, Answer> {
  /**
   * Rejects with the thread's error (a user's error keeps its message, hint and exit code), or when it
   * stops or outlasts `timeoutMs`. The thread answers once, so it is ended as soon as this settles.
   */
  ask(request: Request, timeoutMs: number): Promise<Answer>;
  /** Ends a thread that is no longer needed before, or without, its answer. */
  close(): Promise<void>;
}

/** An error a thread threw, as it reaches the command: what main.ts prints is the same. */
export class ThreadError extends MorpheusError {
  constructor(
    override readonly name: string,
    readonly code: string,
    readonly exitCode: ExitCode,
    message: string,
    hint: string | undefined,
  ) {
    super(message, hint === undefined ? {} : { hint });
  }
}

export function startOneRequestThread<Request, Answer>(file: string): OneRequestThread<Request, Answer> {
  const thread = new Worker(file);
  // What the thread still closes once it answered (or is no longer needed) is not worth waiting for.
  const close = async () => void (await thread.terminate());
  return {
    ask: (request, timeoutMs) =>
      new Promise<Answer>((resolve, reject) => {
        const onMessage = (answer: ThreadAnswer<Answer>) => {
          end();
          if ('answer' in answer) return resolve(answer.answer);
          const e = answer.error;
          reject(
            e.user ? new ThreadError(e.name, e.user.code, e.user.exitCode, e.message, e.user.hint) : Object.assign(new Error(e.message), { stack: e.stack }),
          );
        };
        const fail = (err: Error) => (end(), reject(err));
        const onExit = (code: number) => fail(new Error(`the thread stopped (exit code ${code})`));
        // Only these listeners: a Worker keeps listeners of its own (they ref and unref its port).
        const end = () => {
          clearTimeout(timer);
          thread.off('message', onMessage).off('error', fail).off('exit', onExit);
        };
        const timer = setTimeout(() => fail(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
        thread.on('message', onMessage).on('error', fail).on('exit', onExit);
        thread.postMessage(request);
      }).finally(() => void close()),
    close,
  };
}
