import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["source"] },
  test: {
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["shared/src/**/*.test.ts", "runner/src/**/*.test.ts", "relay/src/**/*.test.ts", "app/src/**/*.test.ts", "test/*.test.ts"],
          pool: "forks",
        },
      },
      {
        extends: true,
        test: {
          name: "relay",
          include: ["test/relay/**/*.test.ts"],
          globalSetup: ["test/relay/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // Runner nodes against real parts: embedded PostgreSQL, bubblewrap, python3.
          name: "nodes",
          include: ["test/nodes/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
      {
        extends: true,
        test: {
          name: "control",
          include: ["test/control/**/*.test.ts"],
          globalSetup: ["test/control/global-setup.ts"],
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["test/e2e/**/*.e2e.test.ts"],
          globalSetup: ["test/e2e/global-setup.ts"],
          // A loaded CI machine can take more than expect.poll's default second to show a change.
          expect: { poll: { timeout: 10_000 } },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
