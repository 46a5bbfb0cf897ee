/** `[[[…]]]` nested `depth` levels around `leaf`, built without recursion. */
export function nested(depth: number, leaf: unknown = 0): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}
