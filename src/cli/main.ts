import { ExitCode, MorpheusError } from '../errors';
import { packageVersion } from '../shared/package-version';
import type { Io } from './context';
import { colorsFor } from './render/colors';

/** The only place errors become messages and exit codes: one line (plus a hint) for what users can fix. */
export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  // What scripts and bug reports ask first, answered before commander and the command tree load
  // (about half of `--version`'s time); any other use of the flag goes through commander.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${packageVersion()}\n`);
    return ExitCode.ok;
  }
  const { CommanderError } = require('commander') as typeof import('commander');
  const { buildProgram } = require('./program') as typeof import('./program');
  let code: number = ExitCode.ok;
  const c = colorsFor(io.stderr, io.env, !argv.includes('--no-color'));
  try {
    await buildProgram(io, (exit) => (code = exit)).parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; any parse error (unknown option, missing argument) is a usage error.
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (err instanceof MorpheusError) {
      io.stderr.write(`${c.red('error:')} ${err.message}\n`);
      if (err.hint) io.stderr.write(`${c.dim(`hint: ${err.hint}`)}\n`);
      return err.exitCode;
    }
    if (err instanceof Error && err.name === 'ServiceError') {
      // Temporal answered, but refused the call (unknown namespace, permissions, server down mid-call).
      const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
      io.stderr.write(`${c.red('error:')} Temporal: ${err.message}${cause}\n`);
      return ExitCode.unreachable;
    }
    io.stderr.write(`${c.red('internal error:')} ${err instanceof Error ? err.message : String(err)}\n`);
    io.stderr.write(
      io.env['MORPHEUS_DEBUG']
        ? `${err instanceof Error ? err.stack : ''}\n`
        : c.dim('This is a bug in Morpheus; rerun with MORPHEUS_DEBUG=1 for the stack trace and report it.\n'),
    );
    return ExitCode.internal;
  }
}

/** The bin entry: runs with the process's arguments and exits with the code. */
export function run(): void {
  // `morpheus mode list | head -3` closes the pipe early: that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(ExitCode.ok);
    throw err;
  });
  // Node exits 0 when nothing is left to wait for, even with the command unfinished: that must never
  // pass for success.
  process.once('beforeExit', () => {
    process.stderr.write('internal error: the command stopped before it finished (nothing was left to wait for)\n');
    process.exit(ExitCode.internal);
  });
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
