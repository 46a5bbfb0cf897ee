/**
 * Who may speak for which presence. Yjs awareness updates name client ids; without a check,
 * any connection could rewrite or remove another person's cursor and name.
 *
 * - A client id belongs to the connection that first sends a *state* for it. A removal
 *   (state `null`) claims nothing, and neither does an echo: y-partykit's provider re-sends
 *   every awareness change it receives, so peers repeat each other's states and removals.
 * - Only the owner may set or remove its ids; other connections' entries for them are left out.
 * - Ownership ends when the connection closes. For `reserveMs` after that, the id stays
 *   reserved for the same client (y-partykit's provider keeps its connection id, `_pk`,
 *   across reconnects; other peers never see it): a late echo of the old state cannot take
 *   it, and the client's new connection can, even before the old one is noticed closed.
 */
export interface PresenceEntry {
  readonly clientId: number;
  /** A removal (state `null`) rather than a state. */
  readonly removal: boolean;
}

export interface PresenceClaims {
  /** For each entry, whether this connection may send it (claiming ids for states it may set). */
  admit(entries: readonly PresenceEntry[]): boolean[];
  release(): void;
}

/** A client's Y.Doc may change its id (rarely); more than this per connection is not a client. */
export const maxClaimsPerConnection = 8;
/** y-protocols' awareness timeout: a presence not renewed within it is gone anyway. */
export const reserveMs = 30_000;

interface Owner {
  readonly connection: symbol;
  readonly clientKey: string;
  readonly ids: Set<number>;
}

export class PresenceRegistry {
  private readonly owners = new Map<number, Owner>();
  private readonly reserved = new Map<number, { readonly clientKey: string; readonly until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Claims for one connection of the client `clientKey`; call `release` when it closes. */
  forConnection(clientKey: string): PresenceClaims {
    const me: Owner = { connection: Symbol("connection"), clientKey, ids: new Set() };
    return {
      admit: (entries) => entries.map((entry) => this.admit(me, entry)),
      release: () => {
        const until = this.now() + reserveMs;
        for (const id of me.ids) {
          if (this.owners.get(id) !== me) continue;
          this.owners.delete(id);
          this.reserved.set(id, { clientKey, until });
        }
        me.ids.clear();
        this.prune();
      },
    };
  }

  private admit(me: Owner, { clientId, removal }: PresenceEntry): boolean {
    const owner = this.owners.get(clientId);
    if (owner === me) return true;
    // The same client on a new connection (a reconnect the relay has not seen close yet).
    if (owner && owner.clientKey === me.clientKey) return this.take(me, clientId, owner);
    if (owner || removal) return false;
    const reservation = this.reserved.get(clientId);
    if (reservation && reservation.until > this.now() && reservation.clientKey !== me.clientKey) return false;
    return this.take(me, clientId, undefined);
  }

  private take(me: Owner, clientId: number, from: Owner | undefined): boolean {
    if (me.ids.size >= maxClaimsPerConnection) return false;
    from?.ids.delete(clientId);
    me.ids.add(clientId);
    this.owners.set(clientId, me);
    this.reserved.delete(clientId);
    return true;
  }

  /** Forgets reservations that ran out, so the map follows the room's recent visitors only. */
  private prune(): void {
    const now = this.now();
    for (const [id, { until }] of this.reserved) if (until <= now) this.reserved.delete(id);
  }
}
