/** How one parse ended, as a worker thread reports it. */
export type ParseOutcome =
  | { readonly kind: 'parsed' }
  | { readonly kind: 'config-error'; readonly message: string; readonly issues: readonly string[]; readonly hint: string | undefined }
  | { readonly kind: 'other'; readonly name: string; readonly message: string; readonly stack: string | undefined };

const QUOTED = String.raw`\["(?:[^"\\]|\\.)*"\]`;
/** A key path as formatPath writes it (`proxmox.modes["Bad Name"].conflicts_with[0]`), or `top level`. */
const KEY_PATH = String.raw`top level|(?:[A-Za-z0-9_-]+|\[\d+\]|${QUOTED})(?:\.[A-Za-z0-9_-]+|\[\d+\]|${QUOTED})*`;
/** A position in the file (`line:col`), for problems found before there are keys. */
const POSITION = String.raw`\d+:\d+`;
/** The key an issue starts with; a quoted key may itself hold ": ". */
const ISSUE = new RegExp(String.raw`^(${POSITION}|${KEY_PATH}): \S`);
/** Problems with the file as a whole: the message then follows the file name directly. */
const FILE_LEVEL = /^(?:config file is empty|not valid UTF-8|file is larger than 1 MiB|YAML aliases expand too much|YAML could not be read: )/;
/** Anything that breaks a line, drives a terminal or hides text: controls, format (bidi, zero-width), separators, lone surrogates. */
const LINE_BREAKING = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
const MAX_LISTED = 50;

/** The key path (or position) an issue starts with, or undefined when it has none. */
export function issueKey(issue: string): string | undefined {
  return ISSUE.exec(issue)?.[1];
}

/**
 * What is wrong with how a parse ended, as a list of problems (empty: fine). A parse may succeed; if not,
 * it must be a ConfigError whose issues are each one `<key path or line:col>: <message>` line (or, alone,
 * a problem with the whole file), whose message is `invalid config <file>: <issue>` for one issue or the
 * file and the issues indented on their own lines, and that never shows a secret.
 */
export function outcomeProblems(outcome: ParseOutcome, source: string, secrets: readonly string[]): string[] {
  if (outcome.kind === 'parsed') return [];
  if (outcome.kind === 'other') return [`threw ${outcome.name} instead of a ConfigError: ${outcome.message}`];
  const problems: string[] = [];
  const { message, issues } = outcome;
  if (issues.length === 0) problems.push('a ConfigError with no issues');
  for (const issue of issues) {
    if (LINE_BREAKING.test(issue)) problems.push(`issue with a control, format or line-breaking character: ${JSON.stringify(issue)}`);
    const fileLevel = issues.length === 1 && FILE_LEVEL.test(issue);
    if (!fileLevel && issueKey(issue) === undefined) problems.push(`issue without a key path: ${JSON.stringify(issue)}`);
  }
  const expected =
    issues.length === 1
      ? `invalid config ${source}: ${issues[0]}`
      : [
          `invalid config ${source}:`,
          ...issues.slice(0, MAX_LISTED).map((i) => `  ${i}`),
          ...(issues.length > MAX_LISTED ? [`  ... and ${issues.length - MAX_LISTED} more`] : []),
        ].join('\n');
  if (message !== expected) problems.push(`message is not the file and its issues, one per line: ${JSON.stringify(message.slice(0, 300))}`);
  for (const secret of secrets) if (message.includes(secret) || outcome.hint?.includes(secret)) problems.push('the message shows a secret');
  return problems;
}
