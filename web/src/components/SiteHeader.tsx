import { Link, useLocation } from 'wouter';
import { hasRole, signOut, useSession, useSessionNotice } from '../auth/session';
import { useCart } from '../cart/cart';

/**
 * The bar on every page: the shop, the cart with its count, the user's orders, operations
 * for ops, and who is signed in (by their account's name or email) with sign-out. When a
 * session ends on its own (its renewal refused), it says so here, on whatever page is open.
 */
export function SiteHeader() {
  const session = useSession();
  const ended = useSessionNotice();
  const [path] = useLocation();
  const units = useCart().reduce((sum, line) => sum + line.quantity, 0);
  const signIn = path === '/signin' || path === '/sign-up' ? '/signin' : `/signin?next=${encodeURIComponent(path)}`;
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
            <span data-testid="signed-in-as" title={session.account?.email}>
              {session.account?.displayName ?? session.account?.email ?? session.subject}
            </span>
            <button type="button" className="link-button" onClick={() => void signOut()}>
              Sign out
            </button>
          </span>
        ) : (
          <Link href={signIn}>Sign in</Link>
        )}
      </nav>
      <div className="header__notice" role="status" data-testid="session-notice">
        {ended && !session ? (
          <>
            {ended} <Link href={signIn}>Sign in</Link>
          </>
        ) : null}
      </div>
    </header>
  );
}
