import { STORE_SYNC } from '@stockgraph/events';
import type { Database } from '@stockgraph/persistence';
import { deadLetter, type Outbox } from '@stockgraph/messaging';
import { type Logger, SingleFlight } from '@stockgraph/runtime';
import { type AllowancePolicy, allowanceTarget, retryDelayMs } from '../domain/allowance-policy';
import type { AllowanceRepository } from '../infra/allowance.repository';
import type { CentralRefusal, CentralStoreApi } from '../infra/central-store-api';
import type { ReturnRepository } from '../infra/return.repository';
import type { SaleRepository } from '../infra/sale.repository';
import type { OutboxEntry, SyncOutboxRepository } from '../infra/sync-outbox.repository';
import type { ReplicaService } from './replica.service';

export interface SyncAgentOptions {
  retryBaseMs: number;
  retryCapMs: number;
  /** How often allowances are re-sized (and the centre probed) when nothing else happens. */
  refreshMs: number;
  /** A backlog older than this is alerted (log and metric). */
  backlogAlertMs: number;
  policy: AllowancePolicy;
}

export interface SyncAgentDeps {
  db: Database;
  locationId: string;
  sales: SaleRepository;
  returns: ReturnRepository;
  queue: SyncOutboxRepository;
  allowances: AllowanceRepository;
  central: CentralStoreApi;
  replica: ReplicaService;
  /** The service's event outbox: refusals go out on `store.sync.v1.dlq` with the rest of the local change. */
  events: Outbox;
  log: Logger;
  clock?: () => number;
  /** Told each sale or return the centre refused for good. */
  onDeadLetter?: (code: string) => void;
  /** A test's crash point: the centre has answered, the shop has not yet noted it. */
  afterCentralAnswer?: () => void;
}

/** Skus per allowance call: the centre's bound. */
const ALLOWANCE_BATCH = 1000;

type Outcome = { kind: 'recorded'; lines?: Array<{ sku: string; fromAllowance: number }> } | CentralRefusal;

/**
 * Records the till's sales and returns centrally, oldest first, and keeps the offline
 * allowance sized. One cycle at a time: drain the outbox (what the centre refuses for good
 * goes to the dead letters and the next follows; a failure that may pass stops the drain —
 * order is kept — and retries after an exponential, jittered delay), then re-size the
 * allowances. A crash between the centre accepting and the outbox forgetting only means
 * the entry is sent again, and the centre answers it from its record of that id.
 */
export class SyncAgent {
  /** Null until the centre was first tried. */
  online: boolean | null = null;
  lastSyncedAt: number | null = null;
  private readonly loop: SingleFlight;
  private lastAlertAt = 0;
  private readonly clock: () => number;

  constructor(
    private readonly deps: SyncAgentDeps,
    private readonly options: SyncAgentOptions,
  ) {
    this.clock = deps.clock ?? Date.now;
    this.loop = new SingleFlight({
      name: 'store sync cycle',
      pass: () => this.cycle(),
      retryMs: options.retryCapMs,
      log: deps.log,
    });
  }

  start(): void {
    this.loop.start();
  }

  /** Runs a cycle now, or right after the one under way. */
  kick(): void {
    this.loop.kick();
  }

  /**
   * What the link probe saw. Back up, the backlog is sent at once rather than after its
   * retry delays (which grow to SYNC_RETRY_CAP_MS while the link is down).
   */
  async linkChanged(up: boolean): Promise<void> {
    this.online = up;
    if (!up) return;
    await this.deps.db.transaction((tx) => this.deps.queue.dueNow(tx, this.clock()));
    this.kick();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One cycle; returns when the next should run. */
  private async cycle(): Promise<number> {
    const drained = await this.drain();
    await this.alertOnOldBacklog();
    if (drained !== 'done') return drained.retryInMs;
    await this.resizeAllowances();
    return this.options.refreshMs;
  }

  private async drain(): Promise<'done' | { retryInMs: number }> {
    const { db, queue, log } = this.deps;
    for (;;) {
      const head = await db.read((sql) => queue.head(sql));
      if (!head) return 'done';
      const wait = head.nextAttemptAt - this.clock();
      if (wait > 0) return { retryInMs: wait };
      let outcome: Outcome;
      let record: unknown;
      try {
        ({ outcome, record } = await this.send(head));
      } catch (error) {
        this.online = false;
        const delay = retryDelayMs(head.attempts, this.options.retryBaseMs, this.options.retryCapMs);
        await db.transaction((tx) => queue.retryLater(tx, head, this.clock() + delay, (error as Error).message));
        log.warn(
          {
            kind: head.kind,
            id: head.refId,
            attempts: head.attempts + 1,
            retryInMs: delay,
            err: (error as Error).message,
          },
          'not recorded centrally yet; will retry',
        );
        return { retryInMs: delay };
      }
      this.deps.afterCentralAnswer?.();
      this.online = true;
      this.lastSyncedAt = this.clock();
      await this.note(head, outcome, record);
    }
  }

  /** Sends the outbox entry to the centre; returns its answer and what the till recorded. */
  private async send(head: OutboxEntry): Promise<{ outcome: Outcome; record: unknown }> {
    const { db, sales, returns, central } = this.deps;
    if (head.kind === 'SALE') {
      const [sale] = await db.read((sql) => sales.find(sql, [head.refId]));
      if (!sale) throw new Error(`the outbox names sale ${head.refId}, which is not there`);
      return { outcome: await central.recordSale(sale.id, sale.lines), record: sale };
    }
    const entry = await db.read((sql) => returns.find(sql, head.refId));
    if (!entry) throw new Error(`the outbox names return ${head.refId}, which is not there`);
    return { outcome: await central.recordReturn(entry.id, entry.saleId, entry.lines), record: entry };
  }

  /** Notes the centre's answer: out of the outbox, and either recorded or dead-lettered. */
  private async note(head: OutboxEntry, outcome: Outcome, record: unknown): Promise<void> {
    const { db, sales, returns, queue, allowances, events, locationId, log } = this.deps;
    const now = this.clock();
    await db.transaction(async (tx) => {
      queue.remove(tx, head);
      if (outcome.kind === 'recorded') {
        if (head.kind === 'RETURN') returns.mark(tx, head.refId, 'SYNCED', now);
        else {
          sales.markSynced(tx, head.refId, outcome.lines ?? [], now);
          for (const line of outcome.lines ?? []) allowances.consume(tx, line.sku, line.fromAllowance, now);
        }
        return;
      }
      if (head.kind === 'RETURN') returns.mark(tx, head.refId, 'REJECTED', now);
      else sales.markRejected(tx, head.refId);
      queue.addDeadLetter(tx, {
        kind: head.kind,
        refId: head.refId,
        code: outcome.code,
        reason: outcome.reason,
        createdAt: now,
      });
      const source = {
        topic: STORE_SYNC,
        partition: 0,
        offset: String(head.seq),
        key: head.refId,
        value: JSON.stringify({ kind: head.kind, locationId, record }),
        headers: {},
        timestamp: now,
      };
      await events.append(tx, [deadLetter(source, outcome.code, outcome.reason, `store-${locationId}`)]);
    });
    if (outcome.kind === 'refused') {
      log.error(
        { kind: head.kind, id: head.refId, code: outcome.code, reason: outcome.reason },
        'the centre refused this for good; it is in the store dead letters for operations',
      );
      this.deps.onDeadLetter?.(outcome.code);
    }
  }

  /** Asks the centre for each stocked sku's allowance by the policy, and keeps what it grants. */
  private async resizeAllowances(): Promise<void> {
    const { db, allowances, central, replica } = this.deps;
    const held = await db.read((sql) => allowances.all(sql));
    const targets = new Map<string, number>();
    for (const stock of await replica.allStock()) {
      const target = allowanceTarget(stock.onHand, this.options.policy);
      if (target > 0 || (held.get(stock.sku) ?? 0) > 0) targets.set(stock.sku, target);
    }
    const wanted = [...targets]
      .filter(([sku, quantity]) => held.get(sku) !== quantity)
      .map(([sku, quantity]) => ({ sku, quantity }));
    for (let i = 0; i < wanted.length; i += ALLOWANCE_BATCH) {
      let granted;
      try {
        granted = await central.setAllowances(wanted.slice(i, i + ALLOWANCE_BATCH));
      } catch (error) {
        this.online = false;
        this.deps.log.warn({ err: (error as Error).message }, 'allowances not re-sized: the centre cannot be reached');
        return;
      }
      this.online = true;
      await db.transaction((tx) => {
        allowances.save(tx, granted, this.clock());
        return Promise.resolve();
      });
    }
  }

  private async alertOnOldBacklog(): Promise<void> {
    const backlog = await this.deps.db.read((sql) => this.deps.queue.backlog(sql));
    const age = backlog.oldestAt === null ? 0 : this.clock() - backlog.oldestAt;
    if (age > this.options.backlogAlertMs && this.clock() - this.lastAlertAt > 60_000) {
      this.lastAlertAt = this.clock();
      this.deps.log.warn(
        { backlog: backlog.count, oldestAgeMs: age },
        'sales older than the alert threshold are still not recorded centrally',
      );
    }
  }
}
