import { type CoalescingQueue, Delivery, type Logger } from '@stockgraph/runtime';
import type { ExecutionResult, GraphQLError } from 'graphql';
import { FilterIndex } from './filter-index';
import { ArrivalOrder } from './arrival-order';
import { OverlapDedupe } from './overlap-dedupe';
import { RateGate } from './rate-gate';
import {
  filterVariable,
  type FilterValues,
  type LiveSelection,
  orderOf,
  routingValues,
} from '../planning/live-selection';
import type { VersionGate } from './version-gate';
import type { UpstreamHub, UpstreamTarget } from './upstream-hub';
import { type Generation, unionOfFilters, type UpstreamPhase } from './upstream-phase';

/** One client's subscription in a group: what it watches and where its results go. */
export interface GroupMember {
  readonly filters: ReadonlyMap<string, FilterValues>;
  readonly queue: CoalescingQueue<Delivery>;
  /** A member that started from the current state: no older version of a thing after a newer one. */
  readonly gate?: VersionGate;
}

export interface SelectionGroupOptions {
  hub: UpstreamHub;
  /** The upstream subscription for these variables (the selection's own, plus each filter's union or null). */
  target(variables: Record<string, unknown>): UpstreamTarget;
  /** Runs the rest of the plan on an event's data, in place; returns the errors it met. */
  complete(data: Record<string, unknown>): Promise<readonly GraphQLError[]>;
  /** The result every client of the group gets for an event's completed data. */
  shape(data: Record<string, unknown>, errors: readonly GraphQLError[]): ExecutionResult;
  /** Beyond this many values, an argument's union is dropped and the upstream watches everything. */
  maxFilterValues: number;
  /** How long a replaced upstream stays open, so nothing falls between it and its successor. */
  overlapMs: number;
  /** Least time between two results about one `identity` (a stock level) (see RateGate); 0: every result goes. */
  minIntervalMs: number;
  identity: (delivery: Delivery) => string;
  metrics: {
    delivered(count: number): void;
    completed(seconds: number): void;
    /** Results replaced by a newer one about the same thing before their turn, counted per client. */
    conflated(count: number): void;
  };
  log: Logger;
  /** Told when the group has no members left and has closed its upstream. */
  onEmpty(): void;
}

/** How long a successor upstream may lag behind the one it replaced before its late copies stop being recognised. */
const SETTLE_MS = 30_000;

/**
 * The clients sharing one selection (see LiveSelection): one upstream subscription whose
 * filters are the union of theirs (or none, past `maxFilterValues`), and for each event one
 * run of the plan and one result, delivered to the clients whose own filters match — found
 * by index, in the order events arrived.
 *
 * When a client needs values the upstream does not carry, a new upstream with the larger
 * union is opened before the old one closes (`overlapMs` later); events both deliver are
 * passed on once. Should the new one be refused (a value the subgraph rejects), the old
 * one stays and the clients that needed the change get the subgraph's errors.
 */
export class SelectionGroup {
  private readonly members = new Set<GroupMember>();
  private readonly index: FilterIndex<GroupMember>;
  private phase: UpstreamPhase = { name: 'idle' };
  private readonly dedupe: OverlapDedupe;
  /** Events that were an upstream's current state rather than a change. */
  private readonly currentState = new WeakSet<Record<string, unknown>>();
  private resubscribeScheduled = false;
  private nextGeneration = 1;
  private readonly completed = new ArrivalOrder<{ data: Record<string, unknown>; errors: readonly GraphQLError[] }>(
    ({ data, errors }, arrived) => {
      if (this.phase.name === 'closed') return;
      this.options.metrics.completed((performance.now() - arrived) / 1000);
      this.deliver(data, errors);
    },
  );
  private readonly gate: RateGate<{ data: Record<string, unknown>; delivery: Delivery }> | null;

  constructor(
    private readonly selection: LiveSelection,
    private readonly options: SelectionGroupOptions,
  ) {
    this.index = new FilterIndex<GroupMember>(selection.specs);
    this.dedupe = new OverlapDedupe(SETTLE_MS);
    this.gate =
      options.minIntervalMs > 0
        ? new RateGate(
            options.minIntervalMs,
            ({ data, delivery }) => this.send(data, delivery),
            ({ data }) => options.metrics.conflated(this.watchersOf(data).length),
          )
        : null;
  }

  get size(): number {
    return this.members.size;
  }

  /** What a result is about (a stock level): its members' queues coalesce by it too. */
  get identity(): (delivery: Delivery) => string {
    return this.options.identity;
  }

  add(member: GroupMember): void {
    if (this.phase.name === 'closed') {
      // The registry forgets a group as it closes; a member that still reaches one gets an ended subscription.
      member.queue.close();
      return;
    }
    this.members.add(member);
    this.index.add(member);
    if (this.phase.name === 'idle') {
      const filters = new Map(
        this.selection.specs.map((spec) => [spec.argument, member.filters.get(spec.argument) ?? null]),
      );
      this.phase = { name: 'open', current: this.open(filters) };
    } else if (!this.covers(this.phase.current.filters, member) || (member.gate && !this.phase.current.current)) {
      this.scheduleResubscribe();
    }
  }

  remove(member: GroupMember): void {
    if (!this.members.delete(member)) return;
    this.index.remove(member);
    if (this.members.size === 0) this.close();
  }

  close(): void {
    if (this.phase.name === 'closed') return;
    this.endOverlap();
    if (this.phase.name === 'open') this.phase.current.release();
    this.phase = { name: 'closed' };
    this.dedupe.reset();
    this.gate?.close();
    for (const member of [...this.members]) member.queue.close();
    this.options.onEmpty();
  }

  private open(filters: Map<string, FilterValues>): Generation {
    const id = this.nextGeneration++;
    const variables: Record<string, unknown> = { ...this.selection.variables };
    for (const [argument, values] of filters)
      variables[filterVariable(argument)] = values === null ? null : [...values].sort();
    // While a member asked for the current state, the upstream starts from it too where its
    // filters allow (every (re)subscription, the hub's reconnects included): no change between
    // that member's own read and the registration, or during a reconnect, is lost to it.
    const { snapshot, snapshotRequires } = this.selection;
    const current =
      snapshot !== null &&
      snapshotRequires.every((arg) => filters.get(arg) !== null) &&
      [...this.members].some((member) => member.gate);
    if (snapshot) variables[filterVariable(snapshot.argument)] = current;
    const release = this.options.hub.listen(this.options.target(variables), {
      next: (data, shared, current) => this.arrive(id, shared ? structuredClone(data) : data, current),
      fail: (errors) => this.failed(id, errors),
    });
    return { id, filters, current, release };
  }

  private covers(filters: ReadonlyMap<string, FilterValues>, member: GroupMember): boolean {
    return this.selection.specs.every((spec) => {
      const upstream = filters.get(spec.argument) ?? null;
      const wanted = member.filters.get(spec.argument) ?? null;
      if (upstream === null) return true;
      if (wanted === null) return false;
      for (const value of wanted) if (!upstream.has(value)) return false;
      return true;
    });
  }

  /** Clients joining in one turn share one new upstream. */
  private scheduleResubscribe(): void {
    if (this.resubscribeScheduled) return;
    this.resubscribeScheduled = true;
    setImmediate(() => {
      this.resubscribeScheduled = false;
      if (this.phase.name !== 'open' && this.phase.name !== 'overlap') return;
      const filters = unionOfFilters(this.selection.specs, this.members, this.options.maxFilterValues);
      this.endOverlap();
      if (this.phase.name !== 'open') return;
      const replaced = this.phase.current;
      this.dedupe.begin();
      this.phase = {
        name: 'overlap',
        current: this.open(filters),
        replaced,
        timer: setTimeout(() => this.endOverlap(), this.options.overlapMs).unref(),
      };
    });
  }

  /** The replaced upstream closes; its successor serves alone. */
  private endOverlap(): void {
    if (this.phase.name !== 'overlap') return;
    clearTimeout(this.phase.timer);
    this.phase.replaced.release();
    this.serveAlone(this.phase.current);
  }

  private serveAlone(current: Generation): void {
    this.phase = { name: 'open', current };
    this.dedupe.retire(current.id);
  }

  private failed(generation: number, errors: readonly GraphQLError[]): void {
    const phase = this.phase;
    if (phase.name === 'overlap' && generation === phase.replaced.id) {
      // The upstream being replaced ended; its successor carries on.
      clearTimeout(phase.timer);
      this.serveAlone(phase.current);
      return;
    }
    // An upstream this group already left (a refused widening reports its end again when it completes).
    if ((phase.name !== 'open' && phase.name !== 'overlap') || generation !== phase.current.id) return;
    if (phase.name === 'overlap') {
      // The subgraph refused the larger union: keep the upstream that worked, and tell the clients that needed the change.
      clearTimeout(phase.timer);
      this.dedupe.reset();
      this.phase = { name: 'open', current: phase.replaced };
      for (const member of [...this.members]) {
        if (this.covers(phase.replaced.filters, member)) continue;
        this.refuse(member, errors);
      }
      return;
    }
    for (const member of [...this.members]) this.refuse(member, errors);
    this.close();
  }

  private refuse(member: GroupMember, errors: readonly GraphQLError[]): void {
    this.members.delete(member);
    this.index.remove(member);
    if (errors.length > 0) member.queue.push(new Delivery({ errors: [...errors] }));
    // Let the error reach the client before its subscription completes.
    setImmediate(() => member.queue.close());
  }

  private arrive(generation: number, data: Record<string, unknown>, current: boolean): void {
    if (current) this.currentState.add(data);
    if (!this.dedupe.pass(generation, data)) return;
    // Nobody in this group watches it (the upstream carries a union or everything): no work at all.
    if (!this.index.wanted(routingValues(data, this.selection.rootName))) return;
    this.completed.push(this.run(data));
  }

  private async run(
    data: Record<string, unknown>,
  ): Promise<{ data: Record<string, unknown>; errors: readonly GraphQLError[] } | null> {
    try {
      return { data, errors: await this.options.complete(data) };
    } catch (error) {
      this.options.log.error({ err: error }, 'completing a subscription event failed');
      return null;
    }
  }

  /**
   * One result for the event, for every client whose filters match (shaped only if someone
   * still wants it), through the rate gate when there is one.
   */
  private deliver(data: Record<string, unknown>, errors: readonly GraphQLError[]): void {
    const watchers = this.watchersOf(data);
    if (watchers.length === 0) return;
    const delivery = new Delivery(
      this.options.shape(data, errors),
      orderOf(this.selection, data),
      this.currentState.has(data),
    );
    if (this.gate) this.gate.offer(this.options.identity(delivery), { data, delivery });
    else this.pushTo(watchers, delivery);
  }

  /** A result the gate held: its watchers are found again, since members may have come or gone meanwhile. */
  private send(data: Record<string, unknown>, delivery: Delivery): void {
    if (this.phase.name !== 'closed') this.pushTo(this.watchersOf(data), delivery);
  }

  private pushTo(watchers: readonly GroupMember[], delivery: Delivery): void {
    // A current state an upstream started with goes only to the clients that asked for one.
    for (const member of watchers)
      if (member.gate ? member.gate.pass(delivery) : !delivery.current) member.queue.push(delivery);
    this.options.metrics.delivered(watchers.length);
  }

  private watchersOf(data: Record<string, unknown>): GroupMember[] {
    return this.index.watchersOf(routingValues(data, this.selection.rootName));
  }
}
