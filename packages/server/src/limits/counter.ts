/**
 * Counts what clients hold open (connections per address, sockets per participant, per contact, per
 * agent session). A key's count goes when it reaches zero, so the map holds only what is open.
 */
export class OpenCounter {
  private readonly counts = new Map<string, number>();

  /**
   * Counts one more under every key if each stays within its maximum; otherwise counts nothing and
   * returns false. The caller releases the same keys once, when what it opened closes.
   */
  take(keys: readonly { key: string; max: number }[]): boolean {
    for (const { key, max } of keys) if ((this.counts.get(key) ?? 0) >= max) return false;
    for (const { key } of keys) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    return true;
  }

  release(keys: readonly { key: string }[]): void {
    for (const { key } of keys) {
      const n = (this.counts.get(key) ?? 0) - 1;
      if (n > 0) this.counts.set(key, n);
      else this.counts.delete(key);
    }
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}
