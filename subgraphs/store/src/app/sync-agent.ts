import type { Database, Logger } from '@stockgraph/shared';
import { type AllowancePolicy, allowanceTarget, retryDelayMs } from '../domain/allowance-policy';
import type { AllowanceRepository } from '../infra/allowance.repository';
import type { CentralStoreApi } from '../infra/central-store-api';
import type { SaleRepository } from '../infra/sale.repository';
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
  sales: SaleRepository;
  allowances: AllowanceRepository;
  central: CentralStoreApi;
  replica: ReplicaService;
  log: Logger;
  clock?: () => number;
  /** Told each sale the centre refused for good. */
  onDeadLetter?: (code: string) => void;
  /** A test's crash point: the centre has answered a sale, the shop has not yet noted it. */
  afterCentralAnswer?: () => void;
}

/** Skus per allowance call: the centre's bound. */
const ALLOWANCE_BATCH = 1000;

/**
 * Records the till's sales centrally, oldest first, and keeps the offline allowance sized.
 * One cycle at a time: drain the outbox (a sale the centre refuses for good goes to the
 * dead letters and the next follows; a failure that may pass stops the drain — order is
 * kept — and retries after an exponential, jittered delay), then re-size the allowances.
 * A crash between the centre accepting a sale and the outbox forgetting it only means the
 * sale is sent again, and the centre answers it from its record of that sale id.
 */
export class SyncAgent {
  /** Null until the centre was first tried. */
  online: boolean | null = null;
  lastSyncedAt: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private lastAlertAt = 0;
  private readonly clock: () => number;

  constructor(
    private readonly deps: SyncAgentDeps,
    private readonly options: SyncAgentOptions,
  ) {
    this.clock = deps.clock ?? Date.now;
  }

  start(): void {
    this.stopped = false;
    this.kick();
  }

  /** Runs a cycle now, or right after the one under way. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.cycle()
      .catch((error: unknown) => this.deps.log.error({ err: error }, 'store sync cycle failed'))
      .then((delay) => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        } else if (!this.stopped) {
          this.timer = setTimeout(() => this.kick(), delay ?? this.options.refreshMs);
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
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
    const { db, sales, allowances, central, log } = this.deps;
    for (;;) {
      const head = await db.read((sql) => sales.head(sql));
      if (!head) return 'done';
      const wait = head.nextAttemptAt - this.clock();
      if (wait > 0) return { retryInMs: wait };
      const [sale] = await db.read((sql) => sales.find(sql, [head.saleId]));
      if (!sale) throw new Error(`outbox names sale ${head.saleId}, which is not there`);
      let outcome;
      try {
        outcome = await central.recordSale(sale.id, sale.lines);
      } catch (error) {
        this.online = false;
        const delay = retryDelayMs(head.attempts, this.options.retryBaseMs, this.options.retryCapMs);
        await db.transaction((tx) => sales.deferHead(tx, sale.id, this.clock() + delay, (error as Error).message));
        log.warn({ saleId: sale.id, attempts: head.attempts + 1, retryInMs: delay, err: (error as Error).message }, 'sale not recorded centrally yet; will retry');
        return { retryInMs: delay };
      }
      this.deps.afterCentralAnswer?.();
      this.online = true;
      const now = this.clock();
      this.lastSyncedAt = now;
      await db.transaction((tx) => {
        if (outcome.kind === 'recorded') {
          sales.markSynced(tx, sale.id, outcome.lines, now);
          for (const line of outcome.lines) allowances.consume(tx, line.sku, line.fromAllowance, now);
        } else {
          sales.markRejected(tx, sale.id, outcome.code, outcome.reason, now);
        }
        return Promise.resolve();
      });
      if (outcome.kind === 'refused') {
        log.error({ saleId: sale.id, code: outcome.code, reason: outcome.reason }, 'the centre refused a sale for good; it is in the store dead letters for operations');
        this.deps.onDeadLetter?.(outcome.code);
      }
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
    const wanted = [...targets].filter(([sku, quantity]) => held.get(sku) !== quantity).map(([sku, quantity]) => ({ sku, quantity }));
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
    const backlog = await this.deps.db.read((sql) => this.deps.sales.backlog(sql));
    const age = backlog.oldestAt === null ? 0 : this.clock() - backlog.oldestAt;
    if (age > this.options.backlogAlertMs && this.clock() - this.lastAlertAt > 60_000) {
      this.lastAlertAt = this.clock();
      this.deps.log.warn({ backlog: backlog.count, oldestAgeMs: age }, 'sales older than the alert threshold are still not recorded centrally');
    }
  }
}
