import { ApolloError, useMutation, useQuery } from '@apollo/client';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { graphql } from './gql';
import { errorSentence, TILL_MESSAGES } from './till-messages';
import { SESSION_ENDED_EVENT, setTillToken, tillToken } from './till-session';
import { TillSignIn } from './TillSignIn';

const SYNC_STATUS = graphql(`
  query TillSyncStatus {
    syncStatus {
      online
      backlog
      lastSyncedAt
      allowance
    }
  }
`);

const STOCK = graphql(`
  query TillStock($sku: ID!) {
    storeStock(sku: $sku) {
      sku
      name
      active
      onHand
      available
      allowanceLeft
      asOf
      elsewhere {
        locationId
        available
      }
    }
  }
`);

const SELL = graphql(`
  mutation TillSell($saleId: ID!, $lines: [SaleLineInput!]!) {
    sell(saleId: $saleId, lines: $lines) {
      sale {
        id
        status
        offline
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

const SIGN_OUT = graphql(`
  mutation TillSignOut {
    tillSignOut
  }
`);

/**
 * How often the till asks the store how its link with the centre is (the store's API has
 * no subscriptions): with the store's probe, the badge is right within two seconds.
 */
const STATUS_POLL_MS = 500;

/** A sale id no other sale of this till has: the till's own, so a retried sale is the same sale. */
function newSaleId(): string {
  return `till:${crypto.randomUUID()}`;
}

/** The till page: a cashier signs in with a PIN at this store, sells a sku, sees the link with the centre and the stock. */
export function Till() {
  const [signedIn, setSignedIn] = useState(tillToken() !== null);
  const [notice, setNotice] = useState<string | null>(null);
  const [signOut] = useMutation(SIGN_OUT);
  useEffect(() => {
    const ended = () => {
      setSignedIn(false);
      setNotice('Your till session has ended. Sign in again to go on selling.');
    };
    window.addEventListener(SESSION_ENDED_EVENT, ended);
    return () => window.removeEventListener(SESSION_ENDED_EVENT, ended);
  }, []);
  const leave = async () => {
    // Best effort: offline or not, the page forgets the session; the store ends it when it can hear.
    await signOut().catch(() => undefined);
    setTillToken(null);
    setSignedIn(false);
    setNotice('Signed out.');
  };
  return (
    <main className="till">
      <header className="header">
        <h1>Till</h1>
        {signedIn ? (
          <button type="button" onClick={() => void leave()}>
            Sign out
          </button>
        ) : null}
      </header>
      {signedIn ? (
        <SellPanel />
      ) : (
        <TillSignIn
          notice={notice}
          onSignedIn={() => {
            setNotice(null);
            setSignedIn(true);
          }}
        />
      )}
    </main>
  );
}

function SellPanel() {
  const id = useId();
  const [sku, setSku] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [shown, setShown] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const status = useQuery(SYNC_STATUS, { pollInterval: STATUS_POLL_MS, fetchPolicy: 'network-only' });
  const stock = useQuery(STOCK, {
    variables: { sku: shown ?? '' },
    skip: shown === null,
    pollInterval: STATUS_POLL_MS,
    fetchPolicy: 'network-only',
  });
  const [sell, selling] = useMutation(SELL);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const wanted = sku.trim();
    setShown(wanted);
    try {
      const { data } = await sell({
        variables: { saleId: newSaleId(), lines: [{ sku: wanted, quantity: Number(quantity) }] },
      });
      const answer = data?.sell;
      const refusal = answer?.userErrors[0];
      if (refusal) setOutcome({ ok: false, text: TILL_MESSAGES[refusal.code](wanted) });
      else if (answer?.sale)
        setOutcome({
          ok: true,
          text: `Sold ${quantity} × ${wanted}${answer.sale.offline ? ' (offline: it is sent to the centre when the connection is back)' : ''}.`,
        });
      await Promise.all([status.refetch(), stock.refetch()]);
    } catch (error) {
      const code =
        error instanceof ApolloError ? (error.graphQLErrors[0]?.extensions?.code as string | undefined) : undefined;
      setOutcome({ ok: false, text: errorSentence(code, 'The store service did not answer. Nothing was sold.') });
    }
  };

  const sync = status.data?.syncStatus;
  const item = stock.data?.storeStock;
  return (
    <>
      <section className="card till-status" aria-label="Link with the centre">
        <p>
          <span className={`pill ${sync?.online === false ? 'out' : 'ok'}`} data-testid="till-online">
            {sync ? (sync.online === false ? 'Offline' : sync.online ? 'Online' : 'Connecting…') : '…'}
          </span>
        </p>
        <dl>
          <dt>Waiting to sync</dt>
          <dd data-testid="till-backlog">{sync?.backlog ?? '…'}</dd>
          <dt>Allowance left (all skus)</dt>
          <dd data-testid="till-allowance">{sync?.allowance ?? '…'}</dd>
          <dt>Last synced</dt>
          <dd>{sync?.lastSyncedAt ? new Date(sync.lastSyncedAt).toLocaleTimeString() : 'not yet'}</dd>
        </dl>
      </section>
      <form className="card till-form" onSubmit={(e) => void submit(e)}>
        <label htmlFor={`${id}-sku`}>Sku (type or scan)</label>
        <input
          id={`${id}-sku`}
          value={sku}
          onChange={(e) => setSku(e.target.value)}
          autoComplete="off"
          required
          maxLength={64}
        />
        <label htmlFor={`${id}-quantity`}>Quantity</label>
        <input
          id={`${id}-quantity`}
          type="number"
          min={1}
          max={100000}
          value={quantity}
          onChange={(e) => setQuantity(e.target.value)}
          required
        />
        <button type="submit" disabled={selling.loading}>
          Sell
        </button>
      </form>
      <p
        className={`card till-outcome ${outcome?.ok === false ? 'refused' : ''}`}
        role="status"
        aria-live="polite"
        data-testid="till-outcome"
      >
        {outcome?.text ?? ''}
      </p>
      {item ? (
        <section className="card" aria-label={`Stock of ${item.sku}`} aria-live="polite">
          <h2>{item.name ?? item.sku}</h2>
          <dl>
            <dt>On hand here</dt>
            <dd data-testid="till-on-hand">{item.onHand}</dd>
            <dt>Can sell without the centre</dt>
            <dd data-testid="till-allowance-left">{item.allowanceLeft}</dd>
            <dt>Elsewhere in the region</dt>
            <dd>
              {item.elsewhere.length > 0
                ? item.elsewhere.map((row) => `${row.locationId}: ${row.available}`).join(', ')
                : 'none'}
            </dd>
          </dl>
        </section>
      ) : null}
    </>
  );
}
