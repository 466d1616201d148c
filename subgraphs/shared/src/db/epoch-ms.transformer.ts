import type { ValueTransformer } from 'typeorm';

/**
 * Times are stored as epoch milliseconds in BIGINT columns: the same in MariaDB and
 * SQLite, free of time-zone conversions, and comparable in hand-written SQL.
 */
export const epochMs: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
