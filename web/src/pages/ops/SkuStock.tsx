import { ScrollRegion } from '../../components/ScrollRegion';
import { useQuery, useSubscription } from '@apollo/client';
import { type FormEvent, useState } from 'react';
import { graphql } from '../../gql';
import { AdjustStockForm } from './AdjustStockForm';
import { StateMoveForm } from './StateMoveForm';
import { StockLedger } from './StockLedger';
import { ErrorNote } from '../../components/ErrorNote';
import { ProductPicker } from './ProductPicker';
import { useProductNames } from './use-product-names';

const SkuLevelsDocument = graphql(`
  query SkuLevels($skus: [ID!]!) {
    stockLevels(skus: $skus) {
      sku
      onHand
      reserved
      safetyStock
      damaged
      qualityControl
      incoming
      available
      version
      updatedAt
      location {
        id
        name
      }
    }
  }
`);

/** Any committed change of the sku: the levels and the ledger are read again. */
const SkuChangedDocument = graphql(`
  subscription SkuChanged($skus: [ID!]!) {
    stockChanged(skus: $skus, current: true) {
      eventId
      locationId
      version
    }
  }
`);

/** One sku's stock at every location, with an adjust form per location and its ledger, all live. */
export function SkuStock({ sku, onSkuChange }: { sku: string; onSkuChange: (sku: string) => void }) {
  const [draft, setDraft] = useState(sku);
  const [changes, setChanges] = useState(0);
  const levels = useQuery(SkuLevelsDocument, { variables: { skus: [sku] }, fetchPolicy: 'network-only' });
  const { refetch } = levels;
  useSubscription(SkuChangedDocument, {
    variables: { skus: [sku] },
    onData: () => {
      setChanges((count) => count + 1);
      void refetch();
    },
  });
  const name = useProductNames([sku]).get(sku);
  const pick = (event: FormEvent) => {
    event.preventDefault();
    const next = draft.trim().toUpperCase();
    if (next) onSkuChange(next);
  };
  return (
    <section aria-labelledby="sku-stock" className="panel panel--wide">
      <h2 id="sku-stock">
        Stock of {name ? `${name} ` : ''}
        <span className="sku">{sku}</span>
      </h2>
      <ProductPicker
        onPick={(picked) => {
          setDraft(picked);
          onSkuChange(picked);
        }}
      />
      <form onSubmit={pick} className="inline-form">
        <label className="field field--inline">
          <span>Sku</span>
          <input value={draft} maxLength={64} onChange={(event) => setDraft(event.target.value)} name="sku" />
        </label>
        <button type="submit" className="button button--secondary">
          Show
        </button>
      </form>
      <ErrorNote error={levels.error} />
      {levels.data && levels.data.stockLevels.length === 0 ? <p>No stock of {sku} anywhere.</p> : null}
      <ScrollRegion label="Stock per location">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Location</th>
              <th scope="col">On hand</th>
              <th scope="col">Reserved</th>
              <th scope="col">Safety</th>
              <th scope="col">Damaged</th>
              <th scope="col">Quality control</th>
              <th scope="col">Incoming</th>
              <th scope="col">Available</th>
              <th scope="col">Version</th>
            </tr>
          </thead>
          <tbody>
            {levels.data?.stockLevels.map((level) => (
              <tr key={level.location.id} data-testid={`level-${level.location.id}`}>
                <th scope="row">{level.location.name}</th>
                <td data-testid={`on-hand-${level.location.id}`}>{level.onHand}</td>
                <td>{level.reserved}</td>
                <td>{level.safetyStock}</td>
                <td data-testid={`damaged-${level.location.id}`}>{level.damaged}</td>
                <td>{level.qualityControl}</td>
                <td>{level.incoming}</td>
                <td data-testid={`available-${level.location.id}`}>{level.available}</td>
                <td>{level.version}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {levels.data?.stockLevels.map((level) => (
        // A new sku is a new form: what "changeFrom" expects is what was shown when it opened.
        <AdjustStockForm
          key={`${sku}@${level.location.id}`}
          sku={sku}
          location={level.location}
          shownOnHand={level.onHand}
        />
      ))}
      {levels.data && levels.data.stockLevels.length > 0 ? (
        <StateMoveForm key={sku} sku={sku} locations={levels.data.stockLevels.map((level) => level.location)} />
      ) : null}
      <StockLedger sku={sku} changes={changes} />
    </section>
  );
}
