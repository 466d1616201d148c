import { Link } from 'wouter';
import { cart, MAX_LINE_QUANTITY, useCart } from '../cart/cart';
import { formatMoney } from '../components/format-money';
import { StockBadge } from '../components/StockBadge';
import { useCartProducts } from '../hooks/use-cart-products';
import { ErrorNote } from '../components/ErrorNote';

/** `/cart`: the lines kept in this browser, with today's prices and live stock; change, remove, go to checkout. */
export function CartPage() {
  const { lines, total, currency, loading, error } = useCartProducts(useCart());

  if (lines.length === 0) {
    return (
      <section aria-labelledby="cart-title">
        <h1 id="cart-title">Your cart</h1>
        <p>Your cart is empty.</p>
        <Link href="/">Browse products</Link>
      </section>
    );
  }
  const problems = lines.filter(
    (line) => !line.product || !line.product.active || line.product.inventory.available < line.quantity,
  );
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
                ) : (
                  <span className="error">No longer sold</span>
                )}
              </div>
              <label className="field field--inline">
                <span>Quantity</span>
                <input
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={MAX_LINE_QUANTITY}
                  value={line.quantity}
                  onChange={(event) => {
                    const quantity = Number(event.target.value);
                    if (Number.isInteger(quantity) && quantity >= 1) cart.set(line.sku, quantity);
                  }}
                  aria-label={`Quantity of ${name}`}
                />
              </label>
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
        Total <strong data-testid="cart-total">{formatMoney(total, currency)}</strong>
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
