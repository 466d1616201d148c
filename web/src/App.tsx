import { lazy, Suspense } from 'react';
import { Route, Switch } from 'wouter';
import { SiteHeader } from './components/SiteHeader';
import { CartPage } from './pages/CartPage';
import { CheckoutPage } from './pages/CheckoutPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OrderPage } from './pages/OrderPage';
import { OrdersPage } from './pages/OrdersPage';
import { ProductPage } from './pages/ProductPage';
import { SignInPage } from './pages/SignInPage';
import { SignUpPage } from './pages/SignUpPage';
import { Storefront } from './pages/Storefront';

// Operations pages are for a few staff: shoppers never download them.
const OpsPage = lazy(() => import('./pages/ops/OpsPage').then((module) => ({ default: module.OpsPage })));

/**
 * Every page, by path. The gateway answers each of these paths with the same index.html;
 * what varies (a sku, an order id) is in the query string, so the server needs no patterns.
 */
export function App() {
  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <SiteHeader />
      <main id="content" className="main" tabIndex={-1}>
        <Switch>
          <Route path="/" component={Storefront} />
          <Route path="/product" component={ProductPage} />
          <Route path="/cart" component={CartPage} />
          <Route path="/checkout" component={CheckoutPage} />
          <Route path="/order" component={OrderPage} />
          <Route path="/orders" component={OrdersPage} />
          <Route path="/signin" component={SignInPage} />
          <Route path="/sign-up" component={SignUpPage} />
          <Route path="/ops">
            <Suspense fallback={<p>Loading the operations pages…</p>}>
              <OpsPage />
            </Suspense>
          </Route>
          <Route component={NotFoundPage} />
        </Switch>
      </main>
    </>
  );
}
