/**
 * A flow's choice for its runner-placed nodes when no runner can take them (offline, or no
 * runner with the labels online): fail at once (the default, so a run never hangs silently)
 * or queue until one is online. Kept per flow in IndexedDB's `settings`, where the engine
 * worker reads it as a run starts or resumes (a resumed run keeps waiting).
 */
export const runnerWaitKey = (flowId: string) => `runnerWait:${flowId}`;

/** The stored value means "queue": anything else (absent, unreadable) fails fast. */
export const queuesForRunner = (value: unknown) => value === "queue";
