import { Link } from 'wouter';
import { cart, MAX_LINE_QUANTITY, useCart } from '../cart/cart';
import { formatMoney } from '../components/format-money';
import { StockBadge } from '../components/StockBadge';
import { useCartProducts } from '../hooks/use-cart-products';
import { ErrorNote } from '../components/ErrorNote';
import { QuantityField } from '../components/QuantityField';

/** `/cart`: the lines kept in this browser, with today's prices and live stock; change, remove, go to checkout. */
export function CartPage() {
  const { lines, total, currency, known, loading, error } = useCartProducts(useCart());

  if (lines.length === 0) {
    return (
      <section aria-labelledby="cart-title">
        <h1 id="cart-title">Your cart</h1>
        <p>Your cart is empty.</p>
        <Link href="/">Browse products</Link>
      </section>
    );
  }
  // Until the shop has answered, no line is "no longer sold" and the total is not €0.00.
  const problems = known
    ? lines.filter((line) => !line.product || !line.product.active || line.product.inventory.available < line.quantity)
    : [];
  return (
    <section aria-labelledby="cart-title">
      <h1 id="cart-title">Your cart</h1>
      <ErrorNote message={error ? 'Prices and stock could not be loaded. Try again in a moment.' : null} />
      <ul className="cart" aria-busy={loading}>
        {lines.map((line) => {
          const name = line.product?.name ?? line.sku;
          return (
            <li key={line.sku} className="cart__line" data-testid={`cart-line-${line.sku}`}>
              <div className="cart__product">
                <Link href={`/product?sku=${encodeURIComponent(line.sku)}`}>{name}</Link>
                {line.product ? (
                  <StockBadge sku={line.sku} available={line.product.inventory.available} />
                ) : known ? (
                  <span className="error">No longer sold</span>
                ) : (
                  <span className="muted">Checking price and stock…</span>
                )}
              </div>
              <QuantityField
                label={`Quantity of ${name}`}
                quantity={line.quantity}
                max={MAX_LINE_QUANTITY}
                onChange={(quantity) => cart.set(line.sku, quantity)}
              />
              <span className="cart__price">
                {line.product
                  ? formatMoney(line.product.price.amount * line.quantity, line.product.price.currency)
                  : '—'}
              </span>
              <button
                type="button"
                className="link-button"
                onClick={() => cart.remove(line.sku)}
                aria-label={`Remove ${name} from the cart`}
              >
                Remove
              </button>
            </li>
          );
        })}
      </ul>
      <p className="cart__total">
        Total <strong data-testid="cart-total">{known ? formatMoney(total, currency) : '…'}</strong>
      </p>
      {problems.length > 0 ? (
        <p className="warning" role="status">
          {problems.length === 1 ? 'One line has' : `${problems.length} lines have`} fewer units available than in your
          cart; checkout will check again.
        </p>
      ) : null}
      <Link href="/checkout" className="button">
        Go to checkout
      </Link>
    </section>
  );
}
