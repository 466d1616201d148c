import { type Logger, PeriodicTask } from '@stockgraph/runtime';
import type { HoldOutcome } from '../domain/order';
import type { InventoryClient } from '../infra/clients/inventory.client';
import type { OrderServices } from './order-services';

export interface RecoveryReport {
  /** PENDING orders carried on (to RESERVED or FAILED). */
  resumed: number;
  /** RESERVED orders whose lapsed hold inventory had settled: now CONFIRMED, CANCELLED or EXPIRED. */
  settled: number;
  /** Lapsed holds inventory has not swept yet; looked at again next pass. */
  waiting: number;
  /** Orders that could not be looked at (inventory unreachable, …); retried next pass. */
  failed: number;
}

export interface OrderRecoveryOptions {
  intervalMs: number;
  /** How long an order may sit in PENDING before it counts as interrupted. */
  stallMs: number;
  clock?: () => number;
}

const BATCH = 100;

/**
 * Finishes what a crash or an outage left mid-flight, on a timer, on every instance:
 * a PENDING order is carried on with the same idempotency key as its first attempt (so
 * inventory answers with the hold it may already have made, never a second one), and a
 * RESERVED order whose hold has lapsed is settled with what inventory says became of it,
 * in case its event was missed. Both are safe to run twice or on two instances at once.
 */
export class OrderRecovery {
  private readonly task: PeriodicTask<RecoveryReport>;
  private readonly clock: () => number;

  constructor(
    private readonly orders: OrderServices,
    private readonly inventory: InventoryClient,
    private readonly log: Logger,
    private readonly options: OrderRecoveryOptions,
    onReport: (report: RecoveryReport) => void = () => undefined,
  ) {
    this.clock = options.clock ?? Date.now;
    this.task = new PeriodicTask(
      {
        name: 'order recovery',
        intervalMs: options.intervalMs,
        runAtStart: true,
        run: () => this.pass(),
        onResult: (report) => {
          onReport(report);
          if (report.resumed + report.settled + report.failed > 0) log.info(report, 'order recovery pass');
        },
      },
      log,
    );
  }

  start(): void {
    this.task.start();
  }

  /** One pass now (or the pass under way). */
  recover(): Promise<RecoveryReport> {
    return this.task.runNow();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  private async pass(): Promise<RecoveryReport> {
    const report: RecoveryReport = { resumed: 0, settled: 0, waiting: 0, failed: 0 };
    const now = this.clock();
    for (const id of await this.orders.queries.stalledOrders(now - this.options.stallMs, BATCH)) {
      try {
        await this.orders.placement.resumePlacing(id);
        report.resumed += 1;
      } catch (error) {
        report.failed += 1;
        this.log.warn({ err: error, orderId: id }, 'interrupted order could not be carried on yet');
      }
    }
    for (const { id, reservationId } of await this.orders.queries.lapsedHolds(now, BATCH)) {
      try {
        const hold = await this.inventory.reservation(reservationId);
        if (hold?.status === 'ACTIVE') {
          report.waiting += 1;
          continue;
        }
        // No such hold at all: inventory holds nothing for the order, which is what expiry means.
        const outcome: HoldOutcome = hold ? hold.status : 'EXPIRED';
        if (await this.orders.lifecycle.settleHold(reservationId, outcome)) report.settled += 1;
      } catch (error) {
        report.failed += 1;
        this.log.warn({ err: error, orderId: id, reservationId }, 'lapsed hold could not be checked yet');
      }
    }
    return report;
  }
}
