import type { Flow } from "@nexus-flow/shared";

export interface PublishedFlow {
  readonly flow: Flow;
  readonly version: number;
  readonly publishedAt: number;
}

/** The newest published version of a flow, unless it was unpublished. */
export function latestPublished(sql: SqlStorage, flowId: string): PublishedFlow | undefined {
  const row = sql.exec<{ flow: string; version: number; published_at: number }>("SELECT flow, version, published_at FROM flows WHERE flow_id = ? AND unpublished_at IS NULL ORDER BY version DESC LIMIT 1", flowId).toArray()[0];
  return row ? { flow: JSON.parse(row.flow) as Flow, version: row.version, publishedAt: row.published_at } : undefined;
}

export function publishedVersion(sql: SqlStorage, flowId: string, version: number): PublishedFlow | undefined {
  const row = sql.exec<{ flow: string; version: number; published_at: number }>("SELECT flow, version, published_at FROM flows WHERE flow_id = ? AND version = ?", flowId, version).toArray()[0];
  return row ? { flow: JSON.parse(row.flow) as Flow, version: row.version, publishedAt: row.published_at } : undefined;
}
