const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;
// Keys and names come from the file; a pasted blob must not turn an error into a wall of text.
export const MAX_SHOWN = 64;

type PathMap = (path: readonly PropertyKey[]) => readonly PropertyKey[];
let scope: PathMap | undefined;

/**
 * Runs `check` (synchronous) with every path it formats passed through `map` first. One host of a
 * `hosts:` file is checked as the single-host file it stands for; this makes its problems name the
 * keys the user wrote (`hosts.lab.modes…`, not `proxmox.modes…`) at the one place paths are printed.
 */
export function withPathMap<T>(map: PathMap, check: () => T): T {
  const outer = scope;
  scope = map;
  try {
    return check();
  } finally {
    scope = outer;
  }
}

/** Formats a key path the way users write it: `proxmox.modes.linux.conflicts_with[0]`. */
export function formatPath(given: readonly PropertyKey[]): string {
  const path = scope ? scope(given) : given;
  if (path.length === 0) return 'top level';
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const key = String(segment);
      if (PLAIN_KEY.test(key)) return index === 0 ? key : `.${key}`;
      return `[${quote(key)}]`;
    })
    .join('');
}

/** A key name in single quotes, e.g. 'verify_ssl'; JSON-quoted (and cut short) when not a plain key. */
export function quoteKey(key: string): string {
  return PLAIN_KEY.test(key) && key.length <= MAX_SHOWN ? `'${key}'` : quote(key);
}

/** A name from the file in double quotes, escaped so the message stays on one line. */
export function quote(name: string): string {
  return printable(JSON.stringify(name.length > MAX_SHOWN ? `${name.slice(0, MAX_SHOWN)}…` : name));
}

// Controls (C0, DEL, C1: a C1 CSI can drive a terminal), invisible format characters (bidi overrides that
// reorder what is shown, zero-width spaces that make "verify\u200bssl" look like a real key), line and
// paragraph separators, and lone surrogates. JSON.stringify escapes only C0 and lone surrogates.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/** `text` with every character that could break a line or mislead a terminal written as a \u escape. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (ch) => {
    const code = ch.codePointAt(0)!;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
