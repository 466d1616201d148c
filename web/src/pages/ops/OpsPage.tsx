import { useState } from 'react';
import { Link } from 'wouter';
import { hasRole, useSession } from '../../auth/session';
import { LowStockList } from './LowStockList';
import { OpenReservations } from './OpenReservations';
import { DeadLetterDesk } from './DeadLetterDesk';
import { LedgerExport } from './LedgerExport';
import { PurchaseOrders } from './PurchaseOrders';
import { StockImport } from './StockImport';
import { Transfers } from './Transfers';
import { OpsHealth } from './OpsHealth';
import { SkuStock } from './SkuStock';

/**
 * `/ops`, for operations staff: one sku's stock per location with adjustments and its
 * ledger (live), what is running low, the holds open on the sku, and the health of the
 * event pipeline and of checkout. The API checks the ops role again on every call.
 */
export function OpsPage() {
  const session = useSession();
  const [sku, setSku] = useState('SG-0001');
  if (!hasRole(session, 'ops')) {
    return (
      <section aria-labelledby="ops-title">
        <h1 id="ops-title">Operations</h1>
        <p>These pages are for operations staff.</p>
        <Link href="/signin?next=/ops" className="button">
          Sign in as operations staff
        </Link>
      </section>
    );
  }
  return (
    <section aria-labelledby="ops-title" className="ops">
      <h1 id="ops-title">Operations</h1>
      <nav aria-label="Operations sections" className="ops__nav">
        <ul>
          <li>
            <a href="#sku-stock">Stock and ledger</a>
          </li>
          <li>
            <a href="#low-stock">Low stock</a>
          </li>
          <li>
            <a href="#open-holds">Holds</a>
          </li>
          <li>
            <a href="#transfers">Transfers</a>
          </li>
          <li>
            <a href="#purchase-orders">Incoming</a>
          </li>
          <li>
            <a href="#stock-import">Import</a>
          </li>
          <li>
            <a href="#ledger-export">Export</a>
          </li>
          <li>
            <a href="#health">Pipeline</a>
          </li>
          <li>
            <a href="#dead-letter-desk">Dead letters</a>
          </li>
        </ul>
      </nav>
      {/* The sku picker comes first: panels above it that grow as their answers arrive moved it
          half a screen down between a press and its release, and the click was lost. */}
      <div className="ops__grid">
        <SkuStock sku={sku} onSkuChange={setSku} />
        <LowStockList onInspect={setSku} />
        <OpenReservations sku={sku} />
        <Transfers />
        <PurchaseOrders />
        <StockImport />
        <LedgerExport />
        <OpsHealth />
        <DeadLetterDesk />
      </div>
    </section>
  );
}
