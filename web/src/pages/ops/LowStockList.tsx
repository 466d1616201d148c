import { ScrollRegion } from '../../components/ScrollRegion';
import { useQuery } from '@apollo/client';
import { useState } from 'react';
import { Pager } from '../../components/Pager';
import { graphql } from '../../gql';
import { useCursorPages } from '../../hooks/use-cursor-pages';
import { ErrorNote } from '../../components/ErrorNote';
import { useProductNames } from './use-product-names';

const LowStockDocument = graphql(`
  query LowStock($threshold: Int!, $first: Int!, $after: String) {
    lowStockLevels(threshold: $threshold, first: $first, after: $after) {
      edges {
        node {
          sku
          onHand
          reserved
          safetyStock
          available
          location {
            id
            name
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const PAGE_SIZE = 10;
/** Refreshed this often: low stock moves slowly compared with a ledger. */
const POLL_MS = 10_000;

/** Stock levels at or under their safety stock or a threshold, lowest first. */
export function LowStockList({ onInspect }: { onInspect: (sku: string) => void }) {
  const [threshold, setThreshold] = useState(5);
  const pages = useCursorPages();
  const { data, error } = useQuery(LowStockDocument, {
    variables: { threshold, first: PAGE_SIZE, after: pages.after },
    pollInterval: POLL_MS,
    fetchPolicy: 'cache-and-network',
  });
  const connection = data?.lowStockLevels;
  const names = useProductNames(connection?.edges.map(({ node }) => node.sku) ?? []);
  return (
    <section aria-labelledby="low-stock" className="panel">
      <h2 id="low-stock">Low stock</h2>
      <label className="field field--inline">
        <span>Available at most</span>
        <input
          type="number"
          min={0}
          max={1_000_000}
          value={threshold}
          onChange={(event) => {
            const value = Number(event.target.value);
            if (Number.isInteger(value) && value >= 0 && value <= 1_000_000) {
              setThreshold(value);
              pages.reset();
            }
          }}
        />
        <span>units (or at most the safety stock)</span>
      </label>
      <ErrorNote error={error} />
      <ScrollRegion label="Low stock table">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Location</th>
              <th scope="col">Available</th>
              <th scope="col">Safety</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {connection?.edges.map(({ node }) => (
              <tr key={`${node.sku}@${node.location.id}`}>
                <th scope="row">
                  {names.get(node.sku) ?? node.sku} <span className="sku">{node.sku}</span>
                </th>
                <td>{node.location.name}</td>
                <td>{node.available}</td>
                <td>{node.safetyStock}</td>
                <td>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => onInspect(node.sku)}
                    aria-label={`Inspect ${names.get(node.sku) ?? node.sku} (${node.sku})`}
                  >
                    Inspect
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {connection && connection.edges.length === 0 ? <p>Nothing is running low.</p> : null}
      <Pager pages={pages} pageInfo={connection?.pageInfo} />
    </section>
  );
}
