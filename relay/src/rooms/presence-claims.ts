/**
 * Who may speak for which presence. Yjs awareness updates name client ids; without a check,
 * any connection could rewrite or remove another person's cursor and name. A connection
 * claims the ids it first speaks for, and the room refuses updates for ids another open
 * connection holds. Claims end when their connection closes.
 */
export interface PresenceClaims {
  /** Whether `clientIds` are this connection's to set (claiming the free ones). */
  claim(clientIds: readonly number[]): boolean;
  release(): void;
}

/** A client's Y.Doc may change its id (rarely); more than this per connection is not a client. */
export const maxClaimsPerConnection = 8;

export class PresenceRegistry {
  private readonly owners = new Map<number, symbol>();

  /** Claims for one connection; call `release` when it closes. */
  forConnection(): PresenceClaims {
    const me = Symbol("connection");
    const mine = new Set<number>();
    return {
      claim: (clientIds) => {
        if (clientIds.some((id) => this.owners.has(id) && this.owners.get(id) !== me)) return false;
        const fresh = clientIds.filter((id) => !mine.has(id));
        if (mine.size + fresh.length > maxClaimsPerConnection) return false;
        for (const id of fresh) {
          mine.add(id);
          this.owners.set(id, me);
        }
        return true;
      },
      release: () => {
        for (const id of mine) if (this.owners.get(id) === me) this.owners.delete(id);
        mine.clear();
      },
    };
  }
}
