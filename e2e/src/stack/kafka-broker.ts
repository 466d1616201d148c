import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePorts } from './free-ports';
import { REPO_ROOT } from './service-process';

const run = promisify(execFile);

/** A Kafka broker of a test's own (docker/kafka/kafka.sh with its own port and data), to stop and start at will. */
export interface OwnKafkaBroker {
  brokers: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
}

/**
 * A broker on two ports the OS picks (listener and controller), kept across its stops and
 * starts. A fixed port would be one another checkout's broker may hold already, and
 * kafka.sh then uses that broker instead of starting one: stopping it would stop nothing.
 */
export async function ownKafkaBroker(): Promise<OwnKafkaBroker> {
  const [port, controllerPort] = (await freePorts(2)) as [number, number];
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockgraph-kafka-'));
  const env = {
    ...process.env,
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(controllerPort),
    KAFKA_RUN_DIR: runDir,
  };
  const script = path.join(REPO_ROOT, 'docker/kafka/kafka.sh');
  const broker: OwnKafkaBroker = {
    brokers: `127.0.0.1:${port}`,
    start: async () => {
      await run(script, ['start'], { env, timeout: 120_000 });
    },
    stop: async () => {
      await run(script, ['stop'], { env, timeout: 60_000 });
    },
    destroy: async () => {
      await broker.stop();
      fs.rmSync(runDir, { recursive: true, force: true });
    },
  };
  return broker;
}
