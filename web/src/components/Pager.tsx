/** Previous / next page of a cursor connection (see useCursorPages). */
export function Pager({
  pages,
  pageInfo,
}: {
  pages: {
    page: number;
    hasPrevious: boolean;
    previous: () => void;
    next: (endCursor: string | null | undefined) => void;
  };
  pageInfo: { hasNextPage: boolean; endCursor?: string | null } | undefined;
}) {
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" className="button button--secondary" onClick={pages.previous} disabled={!pages.hasPrevious}>
        Previous
      </button>
      <span aria-current="page">Page {pages.page}</span>
      <button
        type="button"
        className="button button--secondary"
        onClick={() => pages.next(pageInfo?.endCursor)}
        disabled={!pageInfo?.hasNextPage || !pageInfo.endCursor}
      >
        Next
      </button>
    </nav>
  );
}
