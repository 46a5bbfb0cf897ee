import type { NexusDb } from "../storage/db.ts";

/**
 * One app setting in the `settings` table: its key, its default, and a check that turns a
 * stored value (which crossed a trust boundary: IndexedDB) back into a valid one.
 */
export interface Setting<T> {
  readonly key: string;
  readonly fallback: T;
  /** The value if `raw` is a valid one, else `undefined` (the fallback is used). */
  readonly parse: (raw: unknown) => T | undefined;
}

/** @example await readSetting(db, runRetentionDays) // 90 until someone changes it */
export async function readSetting<T>(db: NexusDb, setting: Setting<T>): Promise<T> {
  return settingValue(setting, (await db.settings.get(setting.key))?.value);
}

/** The setting's value from what is stored (`undefined`: nothing), or its fallback. */
export function settingValue<T>(setting: Setting<T>, raw: unknown): T {
  return (raw !== undefined ? setting.parse(raw) : undefined) ?? setting.fallback;
}

/** Stores `value`; refuses one its setting does not accept. */
export async function writeSetting<T>(db: NexusDb, setting: Setting<T>, value: T): Promise<void> {
  if (setting.parse(value) === undefined) throw new RangeError(`${String(value)} is not a valid value for ${setting.key}`);
  await db.settings.put({ key: setting.key, value });
}
