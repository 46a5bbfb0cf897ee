/** A short id that reads well in logs and `ctx.nodes[…]`: `http-request-k3f9`. */
export function newElementId(base: string, taken: (id: string) => boolean): string {
  const stem = base.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "").toLowerCase() || "node";
  for (;;) {
    const id = `${stem}-${Math.random().toString(36).slice(2, 6)}`;
    if (!taken(id)) return id;
  }
}
