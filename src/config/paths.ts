const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;
// Keys and names come from the file; a pasted blob must not turn an error into a wall of text.
export const MAX_SHOWN = 64;

/** Formats a key path the way users write it: `proxmox.modes.linux.conflicts_with[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
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
