export * from "./error-data.ts";
export * from "./codes.ts";
