/** How big an allowance a store keeps of each sku: a share of what it has on hand, capped. */
export interface AllowancePolicy {
  /** 0 to 1: the share of on-hand units set aside. */
  share: number;
  /** The most units of one sku set aside. */
  cap: number;
}

/** The allowance to ask the centre for, given the shop's on-hand units of a sku. */
export function allowanceTarget(onHand: number, policy: AllowancePolicy): number {
  return Math.max(0, Math.min(policy.cap, Math.floor(onHand * policy.share)));
}

/**
 * Delay before retrying the sync after `attempts` failures in a row: exponential from
 * `baseMs`, capped, with full jitter so a fleet of shops coming back together does not
 * knock on the gateway in step.
 */
export function retryDelayMs(
  attempts: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempts, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
