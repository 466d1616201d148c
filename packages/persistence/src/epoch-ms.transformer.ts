import type { ValueTransformer } from 'typeorm';

/** BIGINT columns come back from MariaDB as strings when large; these hold values well inside 2^53. */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/**
 * Times are stored as epoch milliseconds in BIGINT columns: the same in MariaDB and
 * SQLite, free of time-zone conversions, and comparable in hand-written SQL.
 */
export const epochMs: ValueTransformer = bigintNumber;
