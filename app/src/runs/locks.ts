/**
 * Exclusive named locks shared by every tab of the origin: the tab whose worker holds
 * `nexus-run:<runId>` drives that run, so two tabs never drive the same run. The lock goes
 * away with the tab (closed, reloaded, crashed), which is how an interrupted run is found.
 */
export interface Locks {
  /**
   * Takes the lock and holds it until the returned `release` is called. With `ifAvailable`,
   * resolves `undefined` at once when someone else holds it; otherwise waits its turn.
   */
  acquire(name: string, options?: { readonly ifAvailable?: boolean }): Promise<(() => void) | undefined>;
}

/**
 * The Web Locks API (`navigator.locks`, in pages and workers). Without it (a page served
 * over plain http from another machine is not a secure context) every lock is granted:
 * two tabs could then both resume the same run.
 * @example const release = await webLocks.acquire("nexus-run:r1"); … release();
 */
export const webLocks: Locks = {
  acquire(name, options = {}) {
    const manager = (globalThis.navigator as Navigator | undefined)?.locks;
    if (!manager) return Promise.resolve(() => {});
    return new Promise((resolve, reject) => {
      manager
        .request(name, { ifAvailable: options.ifAvailable ?? false }, (lock) => {
          if (!lock) return resolve(undefined);
          return new Promise<void>((release) => resolve(() => release()));
        })
        .catch(reject);
    });
  },
};

/** In-memory locks with the same semantics, for tests (one instance = one origin). */
export function createMemoryLocks(): Locks & { held(): string[] } {
  const queues = new Map<string, Array<() => void>>();
  const held = new Set<string>();
  function grant(name: string): () => void {
    held.add(name);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      held.delete(name);
      const next = queues.get(name)?.shift();
      next?.();
    };
  }
  return {
    acquire(name, options = {}) {
      if (!held.has(name)) return Promise.resolve(grant(name));
      if (options.ifAvailable) return Promise.resolve(undefined);
      return new Promise((resolve) => {
        const queue = queues.get(name) ?? [];
        queue.push(() => resolve(grant(name)));
        queues.set(name, queue);
      });
    },
    held: () => [...held],
  };
}
