import { useState } from 'react';
import { cart, MAX_LINE_QUANTITY, useCart } from '../cart/cart';

/**
 * Adds one unit to the cart. Stock is only checked for real at checkout; here the button
 * just stops at what is available now and says so.
 */
export function AddToCart({ sku, name, available }: { sku: string; name: string; available: number }) {
  const inCart = useCart().find((line) => line.sku === sku)?.quantity ?? 0;
  const [note, setNote] = useState('');
  const soldOut = available <= 0;
  const atLimit = inCart >= Math.min(available, MAX_LINE_QUANTITY);
  const add = () => {
    if (!cart.add(sku)) setNote('Your cart is full.');
    else setNote(`Added: ${inCart + 1} in your cart.`);
  };
  return (
    <div className="add-to-cart">
      {/* The visible words start the accessible name, which adds the product for screen readers. */}
      <button
        type="button"
        className="button"
        onClick={add}
        disabled={soldOut || atLimit}
        aria-label={`${soldOut ? 'Sold out' : 'Add to cart'}: ${name}`}
        data-testid={`add-${sku}`}
      >
        {soldOut ? 'Sold out' : 'Add to cart'}
      </button>
      <span className="add-to-cart__note" role="status">
        {note || (inCart > 0 ? `${inCart} in your cart` : '')}
      </span>
    </div>
  );
}
