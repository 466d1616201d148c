/** What the shopper filters the grid by. */
export interface ProductFilterValues {
  search: string;
  inStockOnly: boolean;
}

/** Search text and the in-stock switch; labelled controls, no submit needed. */
export function ProductFilters({ value, onChange }: { value: ProductFilterValues; onChange: (value: ProductFilterValues) => void }) {
  return (
    <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
      <label className="filters__search">
        <span>Search products</span>
        <input type="search" name="search" value={value.search} autoComplete="off" onChange={(event) => onChange({ ...value, search: event.target.value })} />
      </label>
      <label className="filters__stock">
        <input type="checkbox" name="inStock" checked={value.inStockOnly} onChange={(event) => onChange({ ...value, inStockOnly: event.target.checked })} />
        <span>In stock only</span>
      </label>
    </form>
  );
}
