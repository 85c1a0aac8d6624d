// "Did you mean …?" for an unknown option: the optimal-string-alignment edit distance (Damerau–
// Levenshtein with adjacent transpositions, as git and commander use), over the options' names
// and the parameters' own names (`--id` finds `--deal`, whose parameter is the deal's `id`).
import type { CliOption } from './options.js';

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** Compares names as people vary them: case, dashes and underscores ignored (DEAL_ID, deal-id, dealId). */
const plain = (name: string): string => name.toLowerCase().replace(/[-_.\s]/g, '');

/** Names an option answers to in a comparison: its long name, its parameter key and its wire name. */
function namesOf(option: CliOption): string[] {
  const names = [option.long, option.key];
  if (option.param?.wire) names.push(option.param.wire.split('/').at(-1)!);
  return [...new Set(names.map(plain).filter((n) => n.length > 0))];
}

/** The options closest to what was typed (without dashes), best first; none when nothing is close. */
export function closestOptions(typed: string, options: CliOption[], max = 3): CliOption[] {
  const want = plain(typed);
  if (want === '') return [];
  const scored: { option: CliOption; distance: number }[] = [];
  for (const option of options) {
    const distance = Math.min(...namesOf(option).map((name) => editDistance(want, name)));
    // A third of the name may be wrong (git's and commander's rule of thumb), at least one letter.
    const allowed = Math.max(1, Math.floor(want.length / 3));
    if (distance <= allowed) scored.push({ option, distance });
  }
  return scored
    .sort((x, y) => x.distance - y.distance)
    .slice(0, max)
    .map((s) => s.option);
}
