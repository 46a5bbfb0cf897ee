import type { Flow, RunEvent } from "@nexus-flow/shared";

/**
 * Node types whose work stays inside this process: if the machine crashes before their step
 * reaches the disk, running them again on resume is invisible (SPEC L3 runs in-flight nodes
 * again anyway). Every other type (HTTP requests, runner jobs, types added later) acts on
 * the world, so its start must be on the disk first.
 */
const containedTypes = new Set(["trigger.manual", "transform", "condition", "merge", "noop"]);

/**
 * Which log appends a `--durability fsync` run syncs: the steps the world can observe. A
 * node with outside effects starting, a node left waiting (a delay, an approval the user is
 * told to resume), the run's end (the exit code). One sync flushes every earlier step with
 * it, so after an OS crash the log holds at least everything anyone could have seen; a
 * 10,000-transform run syncs a handful of times instead of once per step.
 * @example createFileRunStore(dir, { mustSync: observableSteps(flow) })
 */
export function observableSteps(flow: Flow): (events: readonly RunEvent[]) => boolean {
  const typeOf = new Map(flow.nodes.map((node) => [node.id, node.type]));
  return (events) => events.some((event) => {
    switch (event.type) {
      case "node.started":
        return !containedTypes.has(typeOf.get(event.nodeId) ?? "");
      case "node.waiting":
      case "node.signalled":
      case "run.finished":
        return true;
      default:
        return false;
    }
  });
}
