/**
 * A hue from the sku: the same product always gets the same colours, and neighbouring skus
 * (SG-0001, SG-0002) far-apart ones (steps of the golden angle).
 */
function hueOf(sku: string): number {
  let hash = 0;
  for (const char of sku) hash = (hash * 31 + char.charCodeAt(0)) % 100_003;
  return Math.floor((hash * 137.508) % 360);
}

/** The first letter of the name's first two words. */
function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
}

/**
 * A product's picture, drawn here from its sku and name: the demo data has no photographs,
 * and nothing is fetched from anywhere. Decorative: the name beside it says what it is.
 */
export function ProductImage({ sku, name, size = 'card' }: { sku: string; name: string; size?: 'card' | 'page' }) {
  const hue = hueOf(sku);
  const id = `product-image-${sku}-${size}`;
  return (
    <svg
      className={`product-image product-image--${size}`}
      viewBox="0 0 160 120"
      aria-hidden="true"
      focusable="false"
      data-testid={`image-${sku}`}
    >
      <defs>
        <linearGradient id={id} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor={`hsl(${hue} 70% 88%)`} />
          <stop offset="1" stopColor={`hsl(${(hue + 40) % 360} 60% 72%)`} />
        </linearGradient>
      </defs>
      <rect width="160" height="120" rx="10" fill={`url(#${id})`} />
      <circle cx="124" cy="30" r="22" fill={`hsl(${hue} 55% 60% / 0.45)`} />
      <text
        x="80"
        y="72"
        textAnchor="middle"
        fontSize="40"
        fontWeight="700"
        fill={`hsl(${hue} 45% 25%)`}
        fontFamily="system-ui, sans-serif"
      >
        {initialsOf(name)}
      </text>
    </svg>
  );
}
