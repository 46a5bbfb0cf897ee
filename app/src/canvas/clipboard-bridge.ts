import { parseFragment, type Fragment } from "../flow-doc/index.ts";
import { engineClient } from "../runs/engine-client.ts";

/**
 * Copy/paste of canvas fragments through the system clipboard (as JSON text, so nodes move
 * between flows, tabs and windows), with an in-memory copy for when the clipboard cannot be
 * used (no permission, insecure context, headless browser).
 */
let memory: string | undefined;
/** Whether the last copy reached the system clipboard; if not, the memory copy is newer. */
let systemHasLastCopy = false;

export async function writeFragment(fragment: Fragment): Promise<void> {
  const text = JSON.stringify(fragment);
  memory = text;
  systemHasLastCopy = false;
  try {
    await navigator.clipboard.writeText(text);
    systemHasLastCopy = true;
  } catch {
    // Expected without clipboard permission: the memory copy serves this tab.
  }
}

/** The fragment to paste, validated (clipboard text is untrusted input), or undefined. */
export async function readFragment(): Promise<Fragment | undefined> {
  const text = await readSystemClipboard();
  const fromSystem = text === undefined ? undefined : parseFragment(text);
  if (fromSystem) return clean(fromSystem);
  const useMemory = text === undefined || !systemHasLastCopy;
  const fromMemory = useMemory && memory ? parseFragment(memory) : undefined;
  return fromMemory && clean(fromMemory);
}

async function readSystemClipboard(): Promise<string | undefined> {
  try {
    const timeout = new Promise<undefined>((resolve) => setTimeout(resolve, 1000, undefined));
    return await Promise.race([navigator.clipboard.readText(), timeout]);
  } catch {
    return undefined;
  }
}

/** Keeps the nodes and edges that are valid flow data; edges must join kept nodes. The schema lives in the engine worker. */
async function clean(fragment: Fragment): Promise<Fragment | undefined> {
  const { nodes, edges } = await engineClient().api.cleanFragment(fragment.nodes, fragment.edges);
  return nodes.length ? { kind: fragment.kind, nodes, edges } : undefined;
}
