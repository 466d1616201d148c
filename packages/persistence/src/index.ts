export { type DatabaseConfig, describeDatabase, parseDatabaseUrl } from './database-config';
export { Database, type Sql, type TransactionErrorCode, type Tx } from './database';
export { isDuplicateKeyError, isRetryableTransactionError } from './db-errors';
export { bigintNumber, epochMs } from './epoch-ms.transformer';
export { requestHash } from './idempotency/request-hash';
export { purgeExpiredIdempotencyKeys, runIdempotent } from './idempotency/run-idempotent';
export { column } from './migration-helpers';
export { QueryCounter } from './query-counter';
export { dialectSql } from './sql-dialect';
