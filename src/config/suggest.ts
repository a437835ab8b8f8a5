// Names longer than any key or mode name can't be typos of one; skipping them keeps the cost bounded.
const MAX_NAME_LENGTH = 64;

/** The candidate the user most likely meant by `input`, if any is close enough to suggest. */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  if (input.length === 0 || input.length > MAX_NAME_LENGTH) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3))) return best;
  // A shortened name ("linuxvr" for "linuxvrstreaming") is far by edit distance but still an obvious match.
  if (input.length < 3) return undefined;
  const extending = candidates.filter((candidate) => candidate.startsWith(input));
  return extending.length === 1 ? extending[0] : undefined;
}

/** Edit distance counting a swap of two neighbouring letters ("mdoe" for "mode") as one edit. */
function editDistance(a: string, b: string): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, beforePrevious[j - 2]! + 1);
      current.push(best);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}
