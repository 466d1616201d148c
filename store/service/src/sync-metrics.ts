import { Gauge, type Registry } from 'prom-client';
import type { TillService } from './app/till.service';

/** The sync's health as metrics, read when scraped: backlog, its age, the last sync, online, and the backlog alert. */
export function registerSyncMetrics(
  registry: Registry,
  till: Pick<TillService, 'status'>,
  alertMs: number,
  clock: () => number,
): void {
  const gauge = (name: string, help: string, read: (status: Awaited<ReturnType<TillService['status']>>) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(read(await till.status()));
      },
    });
  gauge('store_sync_backlog', 'Sales and returns not yet recorded centrally.', (s) => s.backlog);
  gauge('store_sync_backlog_age_seconds', 'Age of the oldest of them (0 when none).', (s) =>
    s.oldestPendingAt === null ? 0 : (clock() - s.oldestPendingAt) / 1000,
  );
  gauge(
    'store_sync_last_success_age_seconds',
    'Seconds since the centre last recorded something of this shop (-1: never).',
    (s) => (s.lastSyncedAt === null ? -1 : (clock() - s.lastSyncedAt) / 1000),
  );
  gauge('store_sync_backlog_alert', '1 when the oldest is older than SYNC_BACKLOG_ALERT_SECONDS.', (s) =>
    s.oldestPendingAt !== null && clock() - s.oldestPendingAt > alertMs ? 1 : 0,
  );
  gauge('store_sync_online', '1 when the centre answered the last call, 0 when not, -1 before the first.', (s) =>
    s.online === null ? -1 : s.online ? 1 : 0,
  );
}
