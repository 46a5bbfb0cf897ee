/**
 * Group commit in front of the update log. Each update must be stored before the room
 * applies and broadcasts it, and workerd holds the broadcast until the write is on disk: a
 * durable commit, about 5 ms on `partykit dev` (an fsync). One commit per edit queues up
 * under load: a bare room storing each of 200 frames a second measured p50 509 ms. So while
 * a write is in flight (until `storage.sync()`), updates wait here; when it lands, all of
 * them are stored in one commit and only then handed on, in the order they came. An edit
 * waits for at most two commits. 20 editors × 10 edits/s, load average 16: p50 57–83 ms
 * this way, 410–700 ms with one write per edit.
 */
export interface UpdateStore {
  /** Stores each update as a row of its own, all in one commit. */
  append(...updates: Uint8Array[]): Promise<void>;
}

export class WriteAhead {
  private writing = false;
  private waiting: Array<{ readonly update: Uint8Array; readonly handOn: () => void }> = [];

  constructor(private readonly log: UpdateStore) {}

  /**
   * Stores `update` before it goes on. True: its write has started, hand the message on now.
   * False: it waits for the write in flight; `handOn` is called once its own write started.
   */
  submit(update: Uint8Array, handOn: () => void): boolean {
    if (this.writing) {
      this.waiting.push({ update, handOn });
      return false;
    }
    this.write([update]);
    return true;
  }

  private write(updates: Uint8Array[]): void {
    this.writing = true;
    void this.log.append(...updates).then(() => {
      this.writing = false;
      this.flush();
    });
  }

  private flush(): void {
    const batch = this.waiting;
    if (batch.length === 0) return;
    this.waiting = [];
    // Each its own row, no merge: merging decodes every update, and the log merges its rows
    // in runs anyway.
    this.write(batch.map(({ update }) => update));
    for (const { handOn } of batch) handOn();
  }
}
