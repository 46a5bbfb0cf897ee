import runnerPackage from "../../package.json" with { type: "json" };

/** The runner's version, as it advertises it to the hub. */
export const runnerVersion: string = runnerPackage.version;
