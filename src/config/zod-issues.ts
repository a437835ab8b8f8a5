import type { z } from 'zod';
import { formatPath, quoteKey } from './paths';
import { didYouMean } from './suggest';

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
};

/** Names the type of a value without showing it, so secrets never reach a message. */
export function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'boolean':
      return 'a boolean';
    case 'number':
      if (Number.isNaN(value)) return 'NaN';
      if (!Number.isFinite(value)) return 'a number too large to represent';
      return Number.isInteger(value) ? 'an integer' : 'a fractional number';
    case 'object':
      // YAML tags (!!binary, !!timestamp, !!set, !!omap) produce these.
      if (value instanceof Uint8Array) return 'binary data (!!binary)';
      if (value instanceof Date) return 'a timestamp';
      if (value instanceof Set) return 'a set (!!set)';
      if (value instanceof Map) return 'an ordered map (!!omap)';
      return 'a mapping';
    default:
      return typeof value;
  }
}

/** The message for a value of the wrong type, or for a missing key (`input` is undefined). */
export function wrongType(input: unknown, expected: string): string {
  return input === undefined ? `missing required key; expected ${expected}` : `expected ${expected}, got ${describeValue(input)}`;
}

/** A schema `error` option that words type mismatches (and failed unions) as "expected <expected>". */
export function typeError(expected: string): z.core.$ZodErrorMap {
  return (issue) => (issue.code === 'invalid_type' || issue.code === 'invalid_union' ? wrongType(issue.input, expected) : undefined);
}

/**
 * Zod error map for the whole config: messages say what was expected and never echo values
 * (only key names), so a misplaced secret cannot leak into a terminal or log.
 * Schemas with their own `error` take precedence; this covers the generic cases.
 */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return wrongType(issue.input, EXPECTED[issue.expected] ?? `a ${issue.expected}`);
    case 'invalid_value': {
      const allowed = `one of ${issue.values.join(', ')}`;
      if (typeof issue.input !== 'string') return wrongType(issue.input, allowed);
      const suggestion = didYouMean(issue.input, issue.values.map(String));
      return `expected ${allowed}${suggestion === undefined ? '' : `; did you mean "${suggestion}"?`}`;
    }
    case 'unrecognized_keys':
      // One line per key; formatZodIssues splits them back into separate issues.
      return issue.keys.map((key) => unknownKey(key, knownKeys(issue.schema))).join('\n');
    case 'invalid_key':
      return issue.issues[0]?.message;
    default:
      return undefined;
  }
};

function unknownKey(key: string, known: string[]): string {
  const suggestion = didYouMean(key, known);
  if (suggestion !== undefined) return `unknown key ${quoteKey(key)}; did you mean '${suggestion}'?`;
  return `unknown key ${quoteKey(key)}; known keys: ${known.join(', ')}`;
}

function knownKeys(schema: z.core.$ZodType | undefined): string[] {
  const shape = (schema?._zod.def as { shape?: object } | undefined)?.shape;
  return shape === undefined ? [] : Object.keys(shape);
}

/** Turns zod issues into `<key.path>: <message>` lines, one per problem. */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[], base: readonly PropertyKey[] = []): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union') {
      // When the value has the right shape for one alternative (a mapping for `tls`), its own
      // problems are more useful than "matches no alternative".
      const matched = issue.errors.find((branch) => !branch.every((i) => i.code === 'invalid_type' && i.path.length === 0));
      if (matched !== undefined) {
        lines.push(...formatZodIssues(matched, path));
        continue;
      }
    }
    for (const message of issue.message.split('\n')) lines.push(`${formatPath(path)}: ${message}`);
  }
  // Some values fail two checks with the same message (an integer range is checked twice for huge numbers).
  return [...new Set(lines)];
}
