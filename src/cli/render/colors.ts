export interface Colors {
  readonly enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

/**
 * Colours only for a terminal: off when the stream is not a TTY, when NO_COLOR is non-empty (no-color.org),
 * for TERM=dumb, or with --no-color; FORCE_COLOR turns them on anyway.
 */
export function colorsFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, flag: boolean | undefined): Colors {
  const forced = env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0';
  const enabled = flag !== false && (forced || (Boolean(stream.isTTY) && !env['NO_COLOR'] && env['TERM'] !== 'dumb'));
  const wrap = (open: number, close: number) => (s: string) => (enabled ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { enabled, bold: wrap(1, 22), dim: wrap(2, 22), green: wrap(32, 39), red: wrap(31, 39), yellow: wrap(33, 39), cyan: wrap(36, 39) };
}
