import { useQuery } from '@apollo/client';
import { useId, useState } from 'react';
import { graphql } from '../../gql';
import { useDebounced } from '../../hooks/use-debounced';

const FindProductsDocument = graphql(`
  query OpsFindProducts($search: String!, $first: Int!) {
    products(first: $first, filter: { search: $search }) {
      edges {
        node {
          sku
          name
        }
      }
    }
  }
`);

const SHOWN = 8;

/** Finds a product by name or sku as operations type, and hands the chosen sku on. */
export function ProductPicker({ onPick }: { onPick: (sku: string) => void }) {
  const [text, setText] = useState('');
  const search = useDebounced(text.trim(), 200);
  const results = useId();
  const { data } = useQuery(FindProductsDocument, {
    variables: { search, first: SHOWN },
    skip: search.length < 2,
  });
  const found = search.length >= 2 ? (data?.products.edges.map((edge) => edge.node) ?? []) : [];
  return (
    <div className="product-picker">
      <label className="field">
        <span>Find a product (name or sku)</span>
        <input
          type="search"
          value={text}
          maxLength={100}
          autoComplete="off"
          aria-controls={results}
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      <ul id={results} className="product-picker__results" aria-live="polite">
        {found.map((product) => (
          <li key={product.sku}>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                onPick(product.sku);
                setText('');
              }}
            >
              {product.name} <span className="sku">({product.sku})</span>
            </button>
          </li>
        ))}
        {search.length >= 2 && data && found.length === 0 ? <li>No product matches “{search}”.</li> : null}
      </ul>
    </div>
  );
}
