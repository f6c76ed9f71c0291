/**
 * "Did you mean ...?" suggestions: the candidate nearest to a misspelled name, used by the options
 * checker and the CLI's unknown-flag message.
 *
 * @module
 */

/**
 * Returns the candidate closest to `name` by edit distance (case-insensitive, adjacent swaps count as
 * one edit), or `undefined` when none is close enough to be a plausible typo: at most
 * `max(2, floor(length / 3))` edits, where `length` is the longer of the two names.
 * Ties go to the earlier candidate.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const wanted = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    const limit = Math.max(2, Math.floor(Math.max(wanted.length, lower.length) / 3));
    if (Math.abs(wanted.length - lower.length) > limit) continue;
    const distance = editDistance(wanted, lower);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const width = b.length + 1;
  let before = new Array<number>(width).fill(0);
  let previous = Array.from({ length: width }, (_, j) => j);
  let current = new Array<number>(width).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, before[j - 2]! + 1);
      }
      current[j] = value;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}
