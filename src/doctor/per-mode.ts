import { CHECKS, type CheckId, type CheckResult, type CheckStatus } from './check';

/** One mode's (or one VM's) line in a check that looks at each in turn. */
export interface Item {
  readonly status: CheckStatus;
  readonly text: string;
  readonly fix?: string | undefined;
}

const MARK: Record<CheckStatus, string> = { ok: '✓', warn: '⚠', fail: '✗', skip: '–' };
const RANK: Record<CheckStatus, number> = { skip: 0, ok: 1, warn: 2, fail: 3 };

/**
 * A check made of items: its status is the worst item's (items not checked do not count unless
 * nothing was), each item is a detail line with its mark, and the fixes of the failing and warning
 * items are the check's fix.
 */
export function fromItems(id: CheckId, items: readonly Item[], summary: (worst: CheckStatus) => string): CheckResult {
  const worst = items.reduce<CheckStatus>((w, i) => (RANK[i.status] > RANK[w] ? i.status : w), 'skip');
  return {
    id,
    title: CHECKS[id].title,
    status: worst,
    summary: summary(worst),
    details: items.map((i) => `${MARK[i.status]} ${i.text}`),
    fix: [...new Set(items.flatMap((i) => (i.fix && (i.status === 'fail' || i.status === 'warn') ? [i.fix] : [])))],
  };
}

/** "2 modes" / "1 mode". */
export const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
