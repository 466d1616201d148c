import { useMutation } from '@apollo/client';
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { hasRole, useSession } from '../auth/session';
import { cart, useCart } from '../cart/cart';
import { formatMoney } from '../components/format-money';
import { apiErrorMessage, lineIndexOf, orderOutcomeMessage } from '../errors/messages';
import { graphql } from '../gql';
import { useCheckoutProducts } from '../hooks/use-cart-products';
import { useStockValidation } from '../hooks/use-stock-validation';
import { ErrorNote } from '../components/ErrorNote';

const PlaceOrderDocument = graphql(`
  mutation PlaceOrder($input: PlaceOrderInput!, $idempotencyKey: String!) {
    placeOrder(input: $input, idempotencyKey: $idempotencyKey) {
      order {
        id
        status
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

/**
 * `/checkout`: stock is checked live against inventory (`validateStock`), then the order
 * is placed, which holds the stock (`placeOrder`); payment follows on the order's page.
 * Between the check and the order another shopper may take the last unit: the order then
 * fails with a sentence naming the product, and nothing is held.
 */
export function CheckoutPage() {
  const session = useSession();
  const lines = useCart();
  const { lines: priced, total, currency } = useCheckoutProducts(lines);
  const validation = useStockValidation(lines);
  const [, navigate] = useLocation();
  // One key per attempt: a retry after a lost answer is recognised, a new attempt after a refusal is new.
  const [attemptKey, setAttemptKey] = useState(() => crypto.randomUUID());
  const [problems, setProblems] = useState<string[]>([]);
  const [placeOrder, placing] = useMutation(PlaceOrderDocument);
  useEffect(() => setProblems([]), [lines]);

  if (!hasRole(session, 'customer')) {
    return (
      <section aria-labelledby="checkout-title">
        <h1 id="checkout-title">Checkout</h1>
        <p>Sign in to place your order; your cart stays as it is.</p>
        <Link href="/signin?next=/checkout" className="button">
          Sign in
        </Link>
      </section>
    );
  }
  if (lines.length === 0) {
    return (
      <section aria-labelledby="checkout-title">
        <h1 id="checkout-title">Checkout</h1>
        <p>Your cart is empty.</p>
        <Link href="/">Browse products</Link>
      </section>
    );
  }

  const nameOf = (index: number | null) =>
    index === null ? undefined : (priced[index]?.product?.name ?? priced[index]?.sku);
  const place = async () => {
    setProblems([]);
    try {
      const { data } = await placeOrder({
        variables: {
          idempotencyKey: attemptKey,
          input: { lines: lines.map(({ sku, quantity }) => ({ sku, quantity })), reference: `web-${attemptKey}` },
        },
      });
      const payload = data?.placeOrder;
      if (!payload) return;
      if (payload.userErrors.length > 0 || payload.order.status === 'FAILED') {
        setProblems(
          payload.userErrors.map((error) =>
            orderOutcomeMessage(error.code, { productName: nameOf(lineIndexOf(error.field)) }),
          ),
        );
        setAttemptKey(crypto.randomUUID());
        validation.recheck();
        return;
      }
      cart.clear();
      navigate(`/order?id=${encodeURIComponent(payload.order.id)}`);
    } catch (error) {
      // The answer was lost or refused before the order existed: the same key makes a retry safe.
      setProblems([apiErrorMessage(error as Error)]);
    }
  };

  const result = validation.result;
  const blocked = result ? !result.ok : true;
  return (
    <section aria-labelledby="checkout-title">
      <h1 id="checkout-title">Checkout</h1>
      {result?.degraded ? (
        <div className="banner banner--warning" role="status" data-testid="degraded-banner">
          <strong>
            {result.ok
              ? 'Stock could not be checked live just now.'
              : 'Checkout is paused: stock cannot be checked right now.'}
          </strong>{' '}
          {result.ok
            ? 'The figures may be a little out of date. You can still order: your items are held only if they really are in stock.'
            : 'Nothing was ordered. Please try again in a minute.'}
          {result.warning ? <span className="banner__detail"> ({result.warning})</span> : null}
        </div>
      ) : null}
      <ErrorNote message={validation.error} />
      <table className="table">
        <caption className="visually-hidden">Your order</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Quantity</th>
            <th scope="col">Price</th>
            <th scope="col">Stock</th>
          </tr>
        </thead>
        <tbody>
          {priced.map((line) => {
            const item = result?.items.find((candidate) => candidate.sku === line.sku);
            return (
              <tr key={line.sku} data-testid={`checkout-line-${line.sku}`}>
                <th scope="row">{line.product?.name ?? line.sku}</th>
                <td>{line.quantity}</td>
                <td>
                  {line.product
                    ? formatMoney(line.product.price.amount * line.quantity, line.product.price.currency)
                    : '—'}
                </td>
                <td>
                  {!item
                    ? 'Checking…'
                    : item.available
                      ? 'Available'
                      : item.currentStock > 0
                        ? `Only ${item.currentStock} left`
                        : 'Out of stock'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="cart__total">
        Total <strong>{formatMoney(total, currency)}</strong>
      </p>
      <div role="alert" data-testid="checkout-problems">
        {problems.map((problem) => (
          <p key={problem} className="error">
            {problem}
          </p>
        ))}
        {result && !result.ok && !result.degraded ? (
          <p className="error">
            Some items are not available in the quantities in your cart. Change them in your cart, then check again.
          </p>
        ) : null}
      </div>
      <div className="actions">
        <button
          type="button"
          className="button"
          onClick={() => void place()}
          disabled={blocked || placing.loading || validation.checking}
          data-testid="place-order"
        >
          {placing.loading ? 'Placing your order…' : 'Place order and hold stock'}
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={validation.recheck}
          disabled={validation.checking}
        >
          Check stock again
        </button>
        <Link href="/cart">Back to cart</Link>
      </div>
    </section>
  );
}
