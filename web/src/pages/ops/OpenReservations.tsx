import { useMutation, useQuery } from '@apollo/client';
import { useState } from 'react';
import { inventoryOutcomeMessage, problemOf } from '../../errors/messages';
import { graphql } from '../../gql';
import { ErrorNote } from '../../components/ErrorNote';
import { orderNumber } from '../../components/order-status';

const OpenReservationsDocument = graphql(`
  query OpenReservations($sku: ID, $first: Int!) {
    reservations(status: ACTIVE, sku: $sku, first: $first) {
      edges {
        node {
          id
          status
          reference
          expiresAt
          createdAt
          lines {
            sku
            quantity
            location {
              id
              name
            }
          }
        }
      }
    }
  }
`);

const ReleaseDocument = graphql(`
  mutation OpsReleaseReservation($id: ID!) {
    releaseReservation(id: $id, reason: "released by operations") {
      reservation {
        id
        status
      }
      userErrors {
        code
        message
      }
    }
  }
`);

const SHOWN = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How a hold is named to people: its order's number, else the start of its id and its reference. */
function holdLabel(hold: { id: string; reference?: string | null }): string {
  if (hold.reference && UUID.test(hold.reference)) return `order ${orderNumber(hold.reference)}`;
  return `hold ${hold.id.slice(0, 8)}${hold.reference ? ` (${hold.reference})` : ''}`;
}
const POLL_MS = 5_000;

/** Holds still open on the sku (newest first), each with a way to give its units back. */
export function OpenReservations({ sku }: { sku: string }) {
  const { data, error, refetch } = useQuery(OpenReservationsDocument, {
    variables: { sku, first: SHOWN },
    pollInterval: POLL_MS,
    fetchPolicy: 'cache-and-network',
  });
  const [release, releasing] = useMutation(ReleaseDocument);
  const [outcome, setOutcome] = useState<string | null>(null);
  // Releasing gives a customer's held units away: it takes a second press.
  const [confirming, setConfirming] = useState<string | null>(null);
  const onRelease = async (id: string) => {
    setConfirming(null);
    setOutcome(null);
    const problem = await problemOf(
      () => release({ variables: { id } }),
      ({ data: answer }) => {
        const first = answer?.releaseReservation.userErrors[0];
        return first ? inventoryOutcomeMessage(first.code) : null;
      },
    );
    setOutcome(problem ?? 'Released: its units are back on sale.');
    await refetch();
  };
  const holds = data?.reservations.edges.map(({ node }) => node) ?? [];
  return (
    <section aria-labelledby="open-holds" className="panel">
      <h2 id="open-holds">Open holds on {sku}</h2>
      <ErrorNote error={error} />
      {data && holds.length === 0 ? <p>No open holds.</p> : null}
      <ul className="holds">
        {holds.map((hold) => (
          <li key={hold.id}>
            <span>
              {holdLabel(hold)}:{' '}
              {hold.lines.map((line) => `${line.quantity} × ${line.sku} at ${line.location.name}`).join(', ')}; expires{' '}
              <time dateTime={hold.expiresAt}>{new Date(hold.expiresAt).toLocaleTimeString()}</time>
            </span>
            {confirming === hold.id ? (
              <span className="confirm">
                <button
                  type="button"
                  className="button button--danger"
                  disabled={releasing.loading}
                  onClick={() => void onRelease(hold.id)}
                >
                  Confirm: release {holdLabel(hold)}
                </button>
                <button type="button" className="link-button" onClick={() => setConfirming(null)}>
                  Keep it
                </button>
              </span>
            ) : (
              <button
                type="button"
                className="link-button"
                disabled={releasing.loading}
                onClick={() => setConfirming(hold.id)}
                aria-label={`Release ${holdLabel(hold)}`}
              >
                Release…
              </button>
            )}
          </li>
        ))}
      </ul>
      <p role="status">{outcome}</p>
    </section>
  );
}
