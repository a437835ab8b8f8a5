/** How a duration may be written, for error messages and docs. */
export const DURATION_FORMS = 'a non-negative number of seconds, or a string like "500ms", "90s", "2m", "1h" or "7d"';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION_TEXT = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

/**
 * Parses a config duration into integer milliseconds, or returns undefined when it is not one.
 * A bare number means seconds, matching how people write `shutdown_timeout: 60`.
 */
export function parseDuration(value: number | string): number | undefined {
  let ms: number;
  if (typeof value === 'number') {
    ms = value * 1_000;
    if (value < 0) return undefined;
  } else {
    const match = DURATION_TEXT.exec(value);
    if (match === null) return undefined;
    ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  }
  // Past this, rounding would silently change the value (and "1e400" seconds is Infinity).
  if (!Number.isFinite(ms) || ms > Number.MAX_SAFE_INTEGER) return undefined;
  return Math.round(ms);
}

/** Formats milliseconds in the largest unit that divides them, e.g. 90000 -> "90s", 3600000 -> "1h". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}
