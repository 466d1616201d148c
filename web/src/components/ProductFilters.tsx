/** What the shopper filters the grid by. */
export interface ProductFilterValues {
  search: string;
  categoryId: string;
  inStockOnly: boolean;
}

/** Search text, category and the in-stock switch; labelled controls, no submit needed. */
export function ProductFilters({
  value,
  categories,
  onChange,
}: {
  value: ProductFilterValues;
  categories: ReadonlyArray<{ id: string; name: string }>;
  onChange: (value: ProductFilterValues) => void;
}) {
  return (
    <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
      <label className="filters__search">
        <span>Search products</span>
        <input
          type="search"
          name="search"
          value={value.search}
          maxLength={100}
          autoComplete="off"
          onChange={(event) => onChange({ ...value, search: event.target.value })}
        />
      </label>
      <label className="field">
        <span>Category</span>
        <select
          name="category"
          value={value.categoryId}
          onChange={(event) => onChange({ ...value, categoryId: event.target.value })}
        >
          <option value="">All categories</option>
          {categories.map((category) => (
            <option key={category.id} value={category.id}>
              {category.name}
            </option>
          ))}
        </select>
      </label>
      <label className="filters__stock">
        <input
          type="checkbox"
          name="inStock"
          checked={value.inStockOnly}
          onChange={(event) => onChange({ ...value, inStockOnly: event.target.checked })}
        />
        <span>In stock only</span>
      </label>
    </form>
  );
}
