const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;
// Keys and names come from the file; a pasted blob must not turn an error into a wall of text.
const MAX_SHOWN = 64;

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
  return JSON.stringify(name.length > MAX_SHOWN ? `${name.slice(0, MAX_SHOWN)}…` : name);
}
