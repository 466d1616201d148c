import type { Database } from './database';
import { dialectSql } from './sql-dialect';

/**
 * A lease on a named job among the instances that share one database: the instance that
 * holds it runs the job, the others skip their turn. A holder renews it at each run; one
 * that dies (or stops renewing) loses it when it expires, and the next instance to try
 * takes it over. Jobs that are safe but wasteful to run twice (reconciliation against
 * another service, purges) run under one; nothing correctness depends on waits on one.
 */
export class JobLease {
  constructor(
    private readonly db: Database,
    /** The job, as `job_leases.name` (at most 64 characters). */
    readonly name: string,
    /** This instance (INSTANCE_ID, or host and pid). */
    readonly holder: string,
    /** How long a lease lasts unrenewed: longer than the time between two runs, or it passes back and forth. */
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Takes the lease, or renews it if this instance holds it; false while another instance does. */
  acquire(): Promise<boolean> {
    const now = this.clock();
    return this.db.transaction(async (tx) => {
      await tx.execute(`${dialectSql.insertIgnore(tx)} INTO job_leases (name, holder, expires_at) VALUES (?, '', 0)`, [
        this.name,
      ]);
      const taken = await tx.execute(
        'UPDATE job_leases SET holder = ?, expires_at = ? WHERE name = ? AND (holder = ? OR expires_at < ?)',
        [this.holder, now + this.ttlMs, this.name, this.holder, now],
      );
      return taken === 1;
    });
  }

  /** Gives the lease up (a clean stop), so another instance need not wait for it to expire. */
  async release(): Promise<void> {
    await this.db.transaction((tx) =>
      tx.execute('UPDATE job_leases SET expires_at = 0 WHERE name = ? AND holder = ?', [this.name, this.holder]),
    );
  }
}
