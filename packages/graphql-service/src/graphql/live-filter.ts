/**
 * `@liveFilter`: how a subgraph tells the gateway that an argument of a subscription field
 * only filters the stream — `stockChanged(skus: [ID!])` delivers exactly the events whose
 * `sku` is one of `skus`, and nothing else about the events depends on it. The gateway
 * may then serve every client whose subscriptions differ only in such arguments from one
 * upstream subscription with the union of their values (or none), and route each event to
 * the clients whose own values match. Only for pure streams: a field that sends each new
 * subscription an initial state of its own (such as `orderUpdated`) must not be marked.
 *
 * Composed into the supergraph (`@composeDirective`), so the gateway reads it there.
 */
export const LIVE_FILTER_SPEC_URL = 'https://stockgraph.dev/live/v0.1';

/** The directive's definition and the schema links that compose it, for every subgraph's SDL. */
export const LIVE_FILTER_SDL = [
  `extend schema @link(url: "${LIVE_FILTER_SPEC_URL}", import: ["@liveFilter", "@liveSnapshot"]) @composeDirective(name: "@liveFilter") @composeDirective(name: "@liveSnapshot")`,
  'directive @liveFilter(argument: String!, field: String!, max: Int) repeatable on FIELD_DEFINITION',
  'directive @liveSnapshot(argument: String!, query: String!, version: String!) on FIELD_DEFINITION',
].join('\n');

/**
 * The directive as type-graphql's `@Directive` takes it: `argument` filters on the event's
 * `field`; `max` is the most values the subgraph accepts, which the gateway then enforces
 * for clients whose values never reach the subgraph (their upstream carries a union, or all).
 */
export function liveFilter(argument: string, field: string, max: number): string {
  return `@liveFilter(argument: "${argument}", field: "${field}", max: ${max})`;
}

/**
 * `@liveSnapshot`: the subscription's Boolean `argument` asks for the current state first
 * (then live changes), and `query` — a Query field with the same filter arguments and the
 * same item type — answers that state; each item's `version` field orders it against the
 * live events of the same filter-field values. The gateway shares one upstream among
 * clients with and without the argument, answers `query` for each client that asks, and
 * never lets an older version follow a newer one to that client.
 */
export function liveSnapshot(argument: string, query: string, version: string): string {
  return `@liveSnapshot(argument: "${argument}", query: "${query}", version: "${version}")`;
}
