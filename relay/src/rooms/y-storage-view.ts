/**
 * The room as y-partykit sees it: the same room, but a storage it can read and not write.
 * y-partykit loads the document from the update log (`update-log.ts`, in its own key
 * format) and would store each update again, after broadcasting it; the relay has already
 * stored it, before. So its writes are dropped, and the lookup of its last clock that
 * precedes each write is answered from memory instead of storage.
 */
import type * as Party from "partykit/server";

/** Any key in y-partykit's update range with clock 0: its next write would be clock 1 (and is dropped). */
const someUpdateKey = `"v1"#"-"#"update"#000000000#000`;

/**
 * @example
 * await onConnect(connection, withReadOnlyStorage(room), { persist: { mode: "history" } });
 */
export function withReadOnlyStorage(room: Party.Room): Party.Room {
  const storage: Party.Storage = new Proxy(room.storage, {
    get(target, property) {
      switch (property) {
        case "put":
        case "deleteAll":
          return async () => undefined;
        case "delete":
          return async () => false;
        case "transaction":
          return async (run: (txn: Party.Storage) => Promise<unknown>) => run(storage);
        case "list":
          return (options?: { reverse?: boolean; limit?: number }) =>
            options?.reverse && options.limit === 1 ? Promise.resolve(new Map([[someUpdateKey, new Uint8Array()]])) : target.list(options);
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return new Proxy(room, {
    get: (target, property) => (property === "storage" ? storage : Reflect.get(target, property, target)),
  });
}
