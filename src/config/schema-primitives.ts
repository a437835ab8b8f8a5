import { z } from 'zod';
import { DURATION_FORMS, parseDuration } from './duration';
import { typeError, wrongType } from './zod-issues';

// The building blocks every config section's schema shares: messages say what was expected, never the value.

// RFC 1123 labels; an all-numeric last label would be a malformed IPv4 address, not a name.
const HOSTNAME = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*(?!\d+$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** A string that must satisfy `isValid`; `expected` describes it in every error message. */
export function text(expected: string, isValid: (value: string) => boolean) {
  return z.string({ error: typeError(expected) }).refine(isValid, { error: `expected ${expected}` });
}

export function integer(min: number, max: number) {
  const expected = `an integer from ${min} to ${max}`;
  // z.int() also refuses numbers past the safe-integer range; say that the same way as the range check.
  return z
    .int({ error: (issue) => (issue.code === 'invalid_type' ? wrongType(issue.input, expected) : `expected ${expected}`) })
    .min(min, { error: `expected ${expected}` })
    .max(max, { error: `expected ${expected}` });
}

export const NonEmptySchema = text('a non-empty string', (value) => value.trim().length > 0);
export const HostSchema = text(
  'a hostname, IPv4 address or IPv6 address (without brackets)',
  (value) => HOSTNAME.test(value) || z.regexes.ipv4.test(value) || z.regexes.ipv6.test(value),
);
export const PortSchema = integer(1, 65_535);

/** Integer milliseconds, written as seconds or as "500ms" / "90s" / "2m" / "1h". */
export const DurationSchema = z.union([z.number(), z.string()], { error: typeError(`a duration (${DURATION_FORMS})`) }).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms !== undefined) return ms;
  ctx.issues.push({ code: 'custom', message: `expected a duration (${DURATION_FORMS})`, input: value });
  return z.NEVER;
});

// An environment variable's name, never its value: secrets stay out of the file.
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The name of an environment variable that holds a secret (`secret_env`, `password_env`). */
export const EnvNameSchema = z.string({ error: typeError('an environment variable name') }).regex(ENV_NAME, {
  error: 'expected the name of an environment variable (letters, digits, _), not its value',
});
