const formatters = new Map<string, Intl.NumberFormat>();

/** A price in minor units (1999 EUR) as the shopper's locale writes it (€19.99). */
export function formatMoney(amount: number, currency: string, locale?: string): string {
  const key = `${locale ?? ''}:${currency}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, format);
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}
