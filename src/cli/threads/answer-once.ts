import { parentPort } from 'node:worker_threads';
import { MorpheusError } from '../../errors';

/** What a thread sends back: its answer, or its error as plain data. */
export type ThreadAnswer<Answer> =
  | { readonly answer: Answer }
  | {
      readonly error: {
        readonly name: string;
        readonly message: string;
        readonly stack: string | undefined;
        /** Set for a MorpheusError: what the CLI shows a user. */
        readonly user: { readonly code: string; readonly exitCode: MorpheusError['exitCode']; readonly hint: string | undefined } | undefined;
      };
    };

/** The body of a thread from `startOneRequestThread`: waits for its one request and answers it. */
export function answerOnce<Request, Answer>(work: (request: Request) => Promise<Answer>): void {
  parentPort?.once('message', (request: Request) => {
    void work(request).then(
      (answer) => parentPort?.postMessage({ answer } satisfies ThreadAnswer<Answer>),
      (err: unknown) => parentPort?.postMessage({ error: plainError(err) } satisfies ThreadAnswer<Answer>),
    );
  });
}

function plainError(err: unknown): Extract<ThreadAnswer<never>, { error: unknown }>['error'] {
  const e = err instanceof Error ? err : new Error(String(err));
  const user = e instanceof MorpheusError ? { code: e.code, exitCode: e.exitCode, hint: e.hint } : undefined;
  return { name: e.name, message: e.message, stack: e.stack, user };
}
