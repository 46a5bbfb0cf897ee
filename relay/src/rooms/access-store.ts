/**
 * The room's access record in its PartyKit storage, cached once read (it never changes after
 * creation). y-partykit's storage keys all start with a double quote (`"v1"#"<room>"#…`,
 * `"v1_sv"#…`: see y-partykit's storage.mjs `keyEncoding`), so this key, starting with a
 * letter, can neither collide with them nor fall inside the ranges y-partykit lists.
 */
import type * as Party from "partykit/server";
import { isRoomAccess, type RoomAccess } from "./access.ts";

export const accessStorageKey = "nexus-flow:room-access";

export class AccessStore {
  private cached: RoomAccess | null | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly storage: Party.Storage) {}

  async load(): Promise<RoomAccess | null> {
    if (this.cached === undefined) {
      const stored = await this.storage.get(accessStorageKey);
      if (stored !== undefined && !isRoomAccess(stored)) throw new Error("room access record is corrupt");
      this.cached = stored ?? null;
    }
    return this.cached;
  }

  /**
   * Stores the record unless the room already has one; false when it had. Calls run one at a
   * time, so two simultaneous creations cannot both succeed.
   */
  createOnce(access: RoomAccess): Promise<boolean> {
    const attempt = this.queue.then(async () => {
      if ((await this.load()) !== null) return false;
      await this.storage.put(accessStorageKey, access);
      this.cached = access;
      return true;
    });
    this.queue = attempt.catch(() => undefined);
    return attempt;
  }
}
