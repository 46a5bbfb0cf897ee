/**
 * Ids are branded strings so a node id can never be passed where a run id is expected.
 * Graphs are keyed by id, never by display name.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type NodeId = Brand<string, "NodeId">;
export type EdgeId = Brand<string, "EdgeId">;
export type FlowId = Brand<string, "FlowId">;
export type RunId = Brand<string, "RunId">;

export const asNodeId = (id: string) => id as NodeId;
export const asRunId = (id: string) => id as RunId;
export const asFlowId = (id: string) => id as FlowId;
