import { devKeyFile, OPS, stackTokens } from '../stack/stack-tokens';
import { parseArgs } from './args';
import { runWarehouseSimulator } from './warehouse-simulator';

/**
 * `npm run simulate -- --rate 500 --skus 10000 --locations 20 [--seconds 60]`: warehouse
 * counts for the live UI and benchmarks. Publishes to Kafka when KAFKA_BROKERS is set
 * (with KAFKA_NAMESPACE if the services use one), else through the inventory subgraph at
 * INVENTORY_URL (default http://127.0.0.1:4002/graphql), which suits `npm start`. It sets
 * up as operations, with a token signed by the development key the services trust
 * (AUTH_DEV_KEY_FILE, or DATA_DIR/auth/dev-issuer-key.json as they find it).
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { rate: 500, skus: 10_000, locations: 20, seconds: 60 });
  const inventoryUrl = process.env.INVENTORY_URL ?? 'http://127.0.0.1:4002/graphql';
  process.stdout.write(
    `simulating ${args.locations} warehouses × ${args.skus} skus at ${args.rate} counts/s ${args.seconds ? `for ${args.seconds} s` : 'until stopped'}, ` +
      `via ${process.env.KAFKA_BROKERS ? `Kafka ${process.env.KAFKA_BROKERS}` : inventoryUrl}\n`,
  );
  const tokens = await stackTokens(devKeyFile());
  let last = Date.now();
  const result = await runWarehouseSimulator({
    ...args,
    inventoryUrl,
    authorization: tokens.as(OPS),
    ...(process.env.KAFKA_BROKERS ? { kafkaBrokers: process.env.KAFKA_BROKERS } : {}),
    ...(process.env.KAFKA_NAMESPACE ? { kafkaNamespace: process.env.KAFKA_NAMESPACE } : {}),
    onTick: (published) => {
      if (Date.now() - last < 5000) return;
      last = Date.now();
      process.stdout.write(`  ${published} counts published\n`);
    },
  });
  process.stdout.write(`published ${result.published} counts in ${result.seconds.toFixed(1)} s\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`simulate: ${(error as Error).message}\n`);
  process.exit(1);
});
