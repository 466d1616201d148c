/** The driver error behind a TypeORM QueryFailedError, or the error itself. */
function driverError(error: unknown): { code?: string; errno?: number; message?: string } {
  if (typeof error !== 'object' || error === null) return {};
  const inner = (error as { driverError?: unknown }).driverError;
  return inner ?? error;
}

/** MySQL/MariaDB deadlock or lock-wait timeout: the whole transaction may simply be retried. */
export function isRetryableTransactionError(error: unknown): boolean {
  const { code, errno } = driverError(error);
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || errno === 1213 || errno === 1205;
}

/** A unique or primary key was violated (MySQL ER_DUP_ENTRY, SQLite CONSTRAINT_UNIQUE/PRIMARYKEY). */
export function isDuplicateKeyError(error: unknown): boolean {
  const { code, errno } = driverError(error);
  return (
    code === 'ER_DUP_ENTRY' ||
    errno === 1062 ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
