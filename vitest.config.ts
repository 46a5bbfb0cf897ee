import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["source"] },
  test: {
    include: ["shared/src/**/*.test.ts", "runner/src/**/*.test.ts", "relay/src/**/*.test.ts", "app/src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    pool: "forks",
  },
});
