import type { Delivery } from '@stockgraph/runtime';

/**
 * One client's guard when it asked for the current state: results about one thing (a stock
 * level) come from its own read of the current state, from the current state its group's
 * upstream started with, and as live changes — overlapping, in any order. It gets each
 * thing's versions only ever newer: an older or equal version is dropped. It remembers the
 * newest version given per thing it watches (bounded by what it watches: a current state
 * needs named skus).
 */
export class VersionGate {
  private readonly given = new Map<string, number>();

  /** True to deliver: the result has no order, or is newer than what the client has of its thing. */
  pass(delivery: Delivery): boolean {
    const { order } = delivery;
    if (!order) return true;
    const given = this.given.get(order.key);
    if (given !== undefined && order.version <= given) return false;
    this.given.set(order.key, order.version);
    return true;
  }
}
