import { CIRCUIT_STATES, type OpsSummary, type RecentDeadLetters } from '@stockgraph/domain';
import { parseSamples, type Sample } from './prometheus-text';

/** Anything that can say what the newest dead letters are (the messaging package's dead-letter desk). */
export interface RecentDeadLettersSource {
  recent(): RecentDeadLetters;
}

/** The source of a gateway that reads no events (distributed without KAFKA_BROKERS). */
export const NO_DEAD_LETTER_TAIL: RecentDeadLettersSource = { recent: () => ({ available: false, topics: [] }) };

const WANTED = new Set([
  'dead_letters_total',
  'event_consumer_lag',
  'inventory_circuit_state',
  'inventory_stock_calls_total',
]);
const FETCH_TIMEOUT_MS = 2000;

/**
 * The read-only operations summary behind the ops page: dead letters, consumer lag and
 * the checkout circuit, read from each subgraph's own /metrics by the gateway (the browser
 * never talks to subgraph ports), and the newest dead letters themselves from the
 * gateway's dead-letter tail. Each service is asked with a deadline; one that does not
 * answer is reported, not fatal.
 */
export class OpsSummarySource {
  private previousCalls: { at: number; total: number } | null = null;

  constructor(
    /** Subgraph name → its /metrics URL. */
    private readonly metricsUrls: Record<string, string>,
    private readonly metricsToken: string | null,
    private readonly deadLetters: RecentDeadLettersSource = NO_DEAD_LETTER_TAIL,
  ) {}

  async summary(): Promise<OpsSummary> {
    const now = Date.now();
    const scraped = await Promise.all(
      Object.entries(this.metricsUrls).map(async ([service, url]) => ({ service, ...(await this.scrape(url)) })),
    );
    const all = scraped.flatMap(({ service, samples }) => samples.map((sample) => ({ service, ...sample })));
    const of = (name: string) => all.filter((sample) => sample.name === name);
    const calls = of('inventory_stock_calls_total').map((s) => ({ outcome: s.labels.outcome ?? '', total: s.value }));
    const total = calls.reduce((sum, c) => sum + c.total, 0);
    const perSecond =
      this.previousCalls && now > this.previousCalls.at
        ? ((total - this.previousCalls.total) * 1000) / (now - this.previousCalls.at)
        : null;
    this.previousCalls = { at: now, total };
    const circuit = of('inventory_circuit_state')[0]?.value;
    return {
      sampledAt: new Date(now).toISOString(),
      services: scraped.map(({ service, error }) => ({
        service,
        reachable: error === undefined,
        ...(error ? { error } : {}),
      })),
      deadLetters: of('dead_letters_total').map((s) => ({
        service: s.service,
        topic: s.labels.topic ?? '',
        reason: s.labels.reason ?? '',
        count: s.value,
      })),
      consumerLag: of('event_consumer_lag').map((s) => ({
        service: s.service,
        consumer: s.labels.consumer ?? '',
        topic: s.labels.topic ?? '',
        partition: s.labels.partition ?? '',
        lag: s.value,
      })),
      checkout: {
        circuit: circuit === undefined ? 'unknown' : (CIRCUIT_STATES[circuit] ?? 'unknown'),
        inventoryCalls: calls,
        inventoryCallsPerSecond: perSecond === null ? null : Math.max(0, perSecond),
      },
      recentDeadLetters: this.deadLetters.recent(),
    };
  }

  private async scrape(url: string): Promise<{ samples: Sample[]; error?: string }> {
    try {
      const response = await fetch(url, {
        headers: this.metricsToken ? { authorization: `Bearer ${this.metricsToken}` } : {},
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
      if (!response.ok) return { samples: [], error: `HTTP ${response.status}` };
      return { samples: parseSamples(await response.text(), WANTED) };
    } catch (error) {
      return { samples: [], error: (error as Error).message };
    }
  }
}
