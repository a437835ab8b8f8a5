import type { ExitCode } from '../errors';
import type { Colors } from './render/colors';
import { jsonText } from './render/json';

/**
 * How a command's result is shown: as lines of text, as the JSON of --json (docs/cli.md), and as the
 * exit code. Commands return results; this is the one place they become output.
 */
export interface View<R> {
  text(result: R, c: Colors): string[];
  json(result: R): unknown;
  exitCode(result: R): ExitCode;
}

export interface Output {
  readonly colors: Colors;
  out(line?: string): void;
}

/** Prints a result as text or as JSON and returns its exit code. */
export function present<R>(output: Output, view: View<R>, result: R, asJson: boolean | undefined): ExitCode {
  if (asJson) output.out(jsonText(view.json(result)));
  else for (const line of view.text(result, output.colors)) output.out(line);
  return view.exitCode(result);
}
