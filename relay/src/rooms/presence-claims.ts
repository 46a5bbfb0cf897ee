/**
 * Who may speak for which presence. Yjs awareness updates name client ids; without a check,
 * any connection could rewrite or remove another person's cursor and name. A connection
 * claims the ids it first speaks for, and the room refuses updates for ids another open
 * connection holds. Claims end when their connection closes, or pass to a new connection of
 * the same client (y-partykit's provider keeps its connection id, `_pk`, across reconnects;
 * other peers never see it), which may arrive before the relay notices the old one is gone.
 */
export interface PresenceClaims {
  /** Whether `clientIds` are this connection's to set (claiming the free ones). */
  claim(clientIds: readonly number[]): boolean;
  release(): void;
}

/** A client's Y.Doc may change its id (rarely); more than this per connection is not a client. */
export const maxClaimsPerConnection = 8;

interface Owner {
  readonly connection: symbol;
  readonly clientKey: string;
}

export class PresenceRegistry {
  private readonly owners = new Map<number, Owner>();

  /** Claims for one connection of the client `clientKey`; call `release` when it closes. */
  forConnection(clientKey: string): PresenceClaims {
    const me: Owner = { connection: Symbol("connection"), clientKey };
    const mine = new Set<number>();
    const mayClaim = (id: number) => {
      const owner = this.owners.get(id);
      return !owner || owner === me || owner.clientKey === clientKey;
    };
    return {
      claim: (clientIds) => {
        if (!clientIds.every(mayClaim)) return false;
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
