import { Link } from 'wouter';
import { hasRole, signOut, useSession } from '../auth/session';
import { useCart } from '../cart/cart';

/** The bar on every page: the shop, the cart with its count, the user's orders, operations for ops, sign-in. */
export function SiteHeader() {
  const session = useSession();
  const units = useCart().reduce((sum, line) => sum + line.quantity, 0);
  return (
    <header className="header">
      <Link href="/" className="header__brand">
        stockgraph
      </Link>
      <nav aria-label="Main" className="header__nav">
        <Link href="/">Shop</Link>
        <Link href="/cart" aria-label={`Cart, ${units} ${units === 1 ? 'item' : 'items'}`}>
          Cart <span className="header__count">{units}</span>
        </Link>
        {session ? <Link href="/orders">Your orders</Link> : null}
        {hasRole(session, 'ops') ? <Link href="/ops">Operations</Link> : null}
        {session ? (
          <span className="header__user">
            <span data-testid="signed-in-as">{session.subject}</span>
            <button type="button" className="link-button" onClick={signOut}>
              Sign out
            </button>
          </span>
        ) : (
          <Link href="/signin">Sign in</Link>
        )}
      </nav>
    </header>
  );
}
