/**
 * The one replacement that turns `from` into `to`, trimming the common prefix and suffix.
 * Applying an outside change this way keeps the cursor and selection where they were.
 *
 * @example
 * minimalChange("return a;", "return ab;") // { from: 8, to: 8, insert: "b" }
 */
export function minimalChange(from: string, to: string): { from: number; to: number; insert: string } {
  let start = 0;
  while (start < from.length && start < to.length && from[start] === to[start]) start++;
  let endFrom = from.length;
  let endTo = to.length;
  while (endFrom > start && endTo > start && from[endFrom - 1] === to[endTo - 1]) endFrom--, endTo--;
  return { from: start, to: endFrom, insert: to.slice(start, endTo) };
}
