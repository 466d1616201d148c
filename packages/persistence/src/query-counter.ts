import type { Logger as TypeOrmLogger } from 'typeorm';
import type { Logger } from '@stockgraph/runtime';

/**
 * TypeORM logger that counts statements (tests use it to prove batching: one `_entities`
 * call, one query) and sends failures and slow statements to the service log.
 */
export class QueryCounter implements TypeOrmLogger {
  private count = 0;

  constructor(private readonly logger: Logger) {}

  /** Statements sent since start-up. */
  get total(): number {
    return this.count;
  }

  logQuery(): void {
    this.count += 1;
  }

  logQueryError(error: string | Error, query: string): void {
    // Expected conflicts (duplicate idempotency keys, deadlocks that are retried) surface
    // in the caller's own handling; debug keeps them out of production logs.
    this.logger.debug({ err: error, query }, 'query failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ ms: time, query }, 'slow query');
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.info(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn({ message }, 'typeorm');
    else this.logger.debug({ message }, 'typeorm');
  }
}
