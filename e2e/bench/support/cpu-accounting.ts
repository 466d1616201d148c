import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readMetric, REPO_ROOT } from '../../src';

/** CPU seconds (user + system) each process has used so far. */
export type CpuReading = Record<string, number>;

const TICKS_PER_SECOND = 100;

/** user + system time of a process from /proc, or null when it is not there (another OS, or not running). */
function procCpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

function pidFrom(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Reads how much CPU every part of the run has used: each service from its own
 * `process_cpu_seconds_total`, this benchmark process itself (its clients and load
 * generator share the machine), and MariaDB and the local Kafka broker from /proc.
 */
export async function readCpu(metricsUrls: Record<string, string>): Promise<CpuReading> {
  const reading: CpuReading = {};
  for (const [name, url] of Object.entries(metricsUrls))
    reading[name] = await readMetric(url, 'process_cpu_seconds_total');
  const self = process.cpuUsage();
  reading.bench = (self.user + self.system) / 1e6;
  for (const [name, pidFile] of [
    ['mariadb', '/run/mysqld/mysqld.pid'],
    ['kafka', path.join(REPO_ROOT, 'docker/kafka/run/kafka.pid')],
  ] as const) {
    const pid = pidFrom(pidFile);
    const seconds = pid === null ? null : procCpuSeconds(pid);
    if (seconds !== null) reading[name] = seconds;
  }
  return reading;
}

/** CPU seconds each process spent between two readings. */
export function cpuSpent(before: CpuReading, after: CpuReading): CpuReading {
  return Object.fromEntries(Object.keys(after).map((name) => [name, (after[name] ?? 0) - (before[name] ?? 0)]));
}

export function formatCpu(spent: CpuReading, seconds: number): string {
  const total = Object.values(spent).reduce((sum, value) => sum + value, 0);
  return `${Object.entries(spent)
    .map(([name, value]) => `${name} ${value.toFixed(1)}`)
    .join(', ')} (total ${total.toFixed(1)} CPU-s in ${seconds.toFixed(0)} s on ${os.availableParallelism()} cores)`;
}
