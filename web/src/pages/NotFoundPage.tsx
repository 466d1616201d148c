import { Link } from 'wouter';

export function NotFoundPage() {
  return (
    <section aria-labelledby="not-found">
      <h1 id="not-found">Page not found</h1>
      <p>
        There is nothing here. <Link href="/">Back to the shop</Link>
      </p>
    </section>
  );
}
