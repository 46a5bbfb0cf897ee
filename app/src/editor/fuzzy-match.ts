/**
 * The command palette's filter: every word of the query must appear in the text in order, its
 * letters not necessarily adjacent ("dup" finds "Duplicate", "zi" finds "Zoom in"). The score
 * puts whole-word and prefix matches first, then tight ones, so "run" ranks "Run the flow"
 * above "Re-run from here". Undefined when the text does not match.
 * @example fuzzyScore("zoom in", "zi") // a number; fuzzyScore("Layout", "zz") // undefined
 */
export function fuzzyScore(text: string, query: string): number | undefined {
  const haystack = text.toLowerCase();
  let total = 0;
  for (const word of query.toLowerCase().split(/\s+/).filter(Boolean)) {
    const score = wordScore(haystack, word);
    if (score === undefined) return undefined;
    total += score;
  }
  return total;
}

function wordScore(haystack: string, word: string): number | undefined {
  const at = haystack.indexOf(word);
  if (at === 0) return 100 + word.length;
  if (at > 0) return (/[\s\-(:]/.test(haystack[at - 1]!) ? 80 : 50) + word.length;
  // Letters in order, fewer gaps first.
  let from = 0;
  let gaps = 0;
  for (const letter of word) {
    const found = haystack.indexOf(letter, from);
    if (found < 0) return undefined;
    if (found > from) gaps++;
    from = found + 1;
  }
  return Math.max(1, 30 - 5 * gaps);
}
