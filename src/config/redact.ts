import type { Env } from './env';
import { MAX_SHOWN } from './paths';

// `$${` is a literal, `${NAME}` a reference (as in interpolate.ts).
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
// Shorter values ("true", "8006", "pve") are too likely to be ordinary words of a message.
const MIN_REDACTED_LENGTH = 8;

/** A value read from the environment, and the reference that read it. */
export interface Substitution {
  readonly value: string;
  readonly reference: string;
}

/**
 * The environment values a parsed YAML tree pulls in through `${NAME}`, longest first. Such values are
 * usually secrets (that is why they live in the environment), so no message may show them, even where a
 * message echoes a name from the file (an unknown mode in conflicts_with, a file path).
 */
export function substitutions(tree: unknown, env: Env): Substitution[] {
  const found = new Map<string, string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const [match, name] of value.matchAll(REFERENCE)) {
        const v = name === undefined ? undefined : env[name];
        if (v !== undefined && v.length >= MIN_REDACTED_LENGTH && !found.has(v)) found.set(v, match);
      }
    } else if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (value !== null && typeof value === 'object') {
      Object.values(value).forEach(walk);
    }
  };
  walk(tree);
  return [...found].map(([value, reference]) => ({ value, reference })).sort((a, b) => b.value.length - a.value.length);
}

/** `text` with every substituted value replaced by the `${NAME}` reference that produced it. */
export function redact(text: string, subs: readonly Substitution[]): string {
  let out = text;
  for (const { value, reference } of subs) {
    out = out.split(value).join(reference);
    // quote() shows long names cut short, which a whole-value match would miss.
    if (value.length > MAX_SHOWN) out = out.split(value.slice(0, MAX_SHOWN)).join(reference);
  }
  return out;
}
