import type { Delivery } from '@stockgraph/runtime';

/**
 * One client's guard while it starts from the current state: live results keep flowing
 * from the moment it joins, the current state is read after, and the two overlap. Whichever
 * comes later, the client never gets a version of a thing older than one it already got.
 * It remembers only what the overlap needs: the live versions seen until the current state
 * is in, then each thing's current version until a newer live result passes it.
 */
export class VersionGate {
  private readonly liveSeen = new Map<string, number>();
  private readonly given = new Map<string, number>();
  private settled = false;

  /** A live result: false when the client already has this thing at this version or newer. */
  live(delivery: Delivery): boolean {
    const { order } = delivery;
    if (!order) return true;
    if (!this.settled) {
      this.liveSeen.set(order.key, Math.max(order.version, this.liveSeen.get(order.key) ?? -Infinity));
      return true;
    }
    const given = this.given.get(order.key);
    if (given === undefined) return true;
    if (order.version <= given) return false;
    this.given.delete(order.key);
    return true;
  }

  /** An item of the current state: false when a live result already gave it at this version or newer. */
  current(delivery: Delivery): boolean {
    const { order } = delivery;
    if (!order) return true;
    const seen = this.liveSeen.get(order.key);
    if (seen !== undefined && seen >= order.version) return false;
    this.given.set(order.key, order.version);
    return true;
  }

  /** The current state is all in: from now on only late live results need checking. */
  settle(): void {
    this.settled = true;
    this.liveSeen.clear();
  }
}
