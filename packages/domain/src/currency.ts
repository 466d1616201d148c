/**
 * ISO 4217 codes in circulation, as the runtime's ICU data lists them (maintained with
 * Node, no table of our own to keep current). Three capital letters alone would let
 * `ZZZ` through as a price's currency.
 */
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export function isCurrencyCode(code: string): boolean {
  return CURRENCIES.has(code);
}
