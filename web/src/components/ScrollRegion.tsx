import type { ReactNode } from 'react';

/**
 * A wide table's own horizontal scroll at phone width: a named region that takes focus, so
 * keyboard users can scroll it too (and the page itself never scrolls sideways).
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
