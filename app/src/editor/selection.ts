import { batch, createSignal, type Accessor } from "solid-js";

/** What is selected on the canvas. Sets are replaced, never mutated, so signals fire. */
export interface Selection {
  readonly nodes: Accessor<ReadonlySet<string>>;
  readonly edges: Accessor<ReadonlySet<string>>;
  /** Replaces the selection, or adds to it (`additive`: Shift/Ctrl-click, box select with Shift). */
  select(ids: { nodes?: Iterable<string>; edges?: Iterable<string> }, additive?: boolean): void;
  toggleNode(id: string): void;
  clear(): void;
}

export function createSelection(): Selection {
  const [nodes, setNodes] = createSignal<ReadonlySet<string>>(new Set());
  const [edges, setEdges] = createSignal<ReadonlySet<string>>(new Set());
  return {
    nodes,
    edges,
    select(ids, additive = false) {
      const keep = (current: ReadonlySet<string>): string[] => (additive ? [...current] : []);
      // One batch: what reads both (the overview, the inspector) reruns once, not twice.
      batch(() => {
        setNodes(new Set([...keep(nodes()), ...(ids.nodes ?? [])]));
        setEdges(new Set([...keep(edges()), ...(ids.edges ?? [])]));
      });
    },
    toggleNode(id) {
      const next = new Set(nodes());
      if (!next.delete(id)) next.add(id);
      setNodes(next);
    },
    clear() {
      batch(() => {
        if (nodes().size) setNodes(new Set<string>());
        if (edges().size) setEdges(new Set<string>());
      });
    },
  };
}
