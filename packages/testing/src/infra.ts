import fs from 'node:fs';
import path from 'node:path';
import { testDatabaseName, testTempDir, withTestMysql } from './test-run';

/**
 * Real infrastructure for integration tests, configured by environment:
 * TEST_MYSQL_URL (e.g. mysql://root@127.0.0.1:3306) and TEST_KAFKA_BROKERS (e.g.
 * 127.0.0.1:19092, as `npm run kafka:start` serves). Suites that need it are skipped
 * when it is not set, except under CI=true, where a missing service is a failure.
 */
export const testInfra = {
  mysqlUrl: process.env.TEST_MYSQL_URL || null,
  kafkaBrokers: process.env.TEST_KAFKA_BROKERS || null,
  redisUrl: process.env.TEST_REDIS_URL || null,
};

function required(name: string, value: string | null): boolean {
  if (value) return true;
  if (process.env.CI === 'true')
    throw new Error(`${name} must be set under CI=true: the suites that need it may not be skipped`);
  return false;
}

/** `describe` when MariaDB is configured, `describe.skip` (reported as skipped) when not. */
export function describeWithMysql(name: string, body: () => void): void {
  const run = required('TEST_MYSQL_URL', testInfra.mysqlUrl);
  (run ? describe : describe.skip)(`${name} [mariadb]`, body);
}

/** `describe` when a Kafka broker is configured, skipped when not (a failure under CI=true). */
export function describeWithKafka(name: string, body: () => void): void {
  const run = required('TEST_KAFKA_BROKERS', testInfra.kafkaBrokers);
  (run ? describe : describe.skip)(`${name} [kafka]`, body);
}

/** `describe` when Redis is configured (TEST_REDIS_URL), skipped when not (a failure under CI=true). */
export function describeWithRedis(name: string, body: () => void): void {
  const run = required('TEST_REDIS_URL', testInfra.redisUrl);
  (run ? describe : describe.skip)(`${name} [redis]`, body);
}

/** The configured brokers, for suites inside describeWithKafka. */
export function kafkaBrokers(): string[] {
  return (testInfra.kafkaBrokers ?? '').split(',').filter(Boolean);
}

/** Drops and recreates a MariaDB database for one suite; returns its DATABASE_URL. */
export async function freshMysqlDatabase(purpose: string): Promise<string> {
  if (!testInfra.mysqlUrl) throw new Error('TEST_MYSQL_URL is not set');
  const name = testDatabaseName(purpose);
  await withTestMysql((query) => query(`DROP DATABASE IF EXISTS \`${name}\``));
  const url = new URL(testInfra.mysqlUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh SQLite file in a temporary folder; returns its DATABASE_URL. */
export function freshSqliteDatabase(purpose: string): string {
  const dir = testTempDir('sqlite-');
  return `sqlite:${path.join(dir, `${purpose}.sqlite`)}`;
}

export type TestDialect = 'sqlite' | 'mysql';

/**
 * The dialects a suite should prove itself on: SQLite always (the embedded mode), MariaDB
 * when configured (required under CI=true).
 */
export function testDialects(): TestDialect[] {
  return required('TEST_MYSQL_URL', testInfra.mysqlUrl) ? ['sqlite', 'mysql'] : ['sqlite'];
}

/** A fresh database of the given dialect. */
export function freshDatabase(dialect: TestDialect, purpose: string): Promise<string> {
  return dialect === 'mysql' ? freshMysqlDatabase(purpose) : Promise.resolve(freshSqliteDatabase(purpose));
}

/** Debian's Chromium, for browser tests; the project never downloads a browser of its own. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** `describe` when Chromium is installed, skipped otherwise, and a failure under CI=true. */
export function describeWithBrowser(name: string, body: () => void): void {
  const run = required('Chromium at CHROMIUM_PATH', fs.existsSync(CHROMIUM_PATH) ? CHROMIUM_PATH : null);
  (run ? describe : describe.skip)(`${name} [chromium]`, body);
}

/** Debian's `prometheus` package's promtool (and `prometheus-alertmanager`'s amtool), for the alert rules' tests. */
export const PROMTOOL_PATH = process.env.PROMTOOL_PATH || '/usr/bin/promtool';
export const AMTOOL_PATH = process.env.AMTOOL_PATH || '/usr/bin/amtool';

/** `describe` when promtool and amtool are installed, skipped otherwise, and a failure under CI=true. */
export function describeWithPromtool(name: string, body: () => void): void {
  const installed = fs.existsSync(PROMTOOL_PATH) && fs.existsSync(AMTOOL_PATH);
  const run = required(
    'promtool and amtool (Debian: prometheus, prometheus-alertmanager)',
    installed ? PROMTOOL_PATH : null,
  );
  (run ? describe : describe.skip)(`${name} [promtool]`, body);
}

/** Debian's `haproxy`, the balancer compose puts in front of the gateways (docker/haproxy/). */
export const HAPROXY_PATH = process.env.HAPROXY_PATH || '/usr/sbin/haproxy';

/** `describe` when HAProxy is installed, skipped otherwise, and a failure under CI=true. */
export function describeWithHaproxy(name: string, body: () => void): void {
  const run = required('haproxy (Debian: haproxy)', fs.existsSync(HAPROXY_PATH) ? HAPROXY_PATH : null);
  (run ? describe : describe.skip)(`${name} [haproxy]`, body);
}
