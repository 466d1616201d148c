import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

/**
 * FAULT_INJECTION, for tests that need a real service to misbehave (never set it in
 * production): `delay:<ms>` holds every GraphQL request that long before answering.
 * Services read their own faults (such as the order service's `crash-after-reserve`).
 */
export function parseFaults(raw: string | null): Set<string> {
  return new Set(
    (raw ?? '')
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean),
  );
}

export function delayFault<Context extends BaseContext>(faults: Set<string>): ApolloServerPlugin<Context> | null {
  const delay = [...faults].find((f) => f.startsWith('delay:'));
  if (!delay) return null;
  const ms = Number(delay.slice('delay:'.length));
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`FAULT_INJECTION ${delay}: the delay must be milliseconds`);
  return {
    async requestDidStart() {
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
  };
}
