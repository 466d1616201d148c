import { buildSchema, getIntrospectionQuery, getOperationAST, Kind, parse, visit } from 'graphql';
import { measureOperation } from '../src/limits/measure-operation';
import { fragmentsOf, type OperationLimits, operationLimitViolation } from '../src/limits/operation-limits';

// The shapes of the supergraph that the limits care about: a connection, lists sized by
// arguments, a self-nesting field for depth, a mutation taking a list, a subscription.
const schema = buildSchema(`
  type Query {
    products(first: Int, after: String, filter: ProductFilter): ProductConnection!
    product(sku: ID!): Product
    categories: [Category!]!
    stockLevels(skus: [ID!]!, locationIds: [ID!]): [StockLevel!]!
  }
  input ProductFilter { skus: [ID!] search: String }
  type ProductConnection { edges: [ProductEdge!]! pageInfo: PageInfo! }
  type ProductEdge { node: Product! cursor: String! }
  type PageInfo { hasNextPage: Boolean! }
  type Product { sku: ID! name: String! related: Product stockLevels(locationIds: [ID!]): [StockLevel!]! }
  type StockLevel { sku: ID! available: Int! }
  type Category { id: ID! }
  input AdjustInput { sku: ID! }
  type AdjustPayload { stockLevels: [StockLevel!]! userErrors: [String!]! }
  type Mutation { adjustStocks(inputs: [AdjustInput!]!): AdjustPayload! }
  type Subscription { stockChanged(skus: [ID!]): StockLevel! }
`);

const LIMITS: OperationLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 20,
  maxRootFields: 20,
  maxExpandedFields: 5000,
  maxCost: 10_000,
  maxIntrospectionDepth: 20,
  maxInputListLength: 1000,
  maxInputValues: 20_000,
};

function measure(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = getOperationAST(document);
  if (!operation) throw new Error('no operation');
  return measureOperation(schema, operation, fragmentsOf(document), variables);
}

function refusal(query: string, limits: Partial<OperationLimits> = {}, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = getOperationAST(document);
  if (!operation) throw new Error('no operation');
  return operationLimitViolation(schema, document, operation, variables, { ...LIMITS, ...limits });
}

const nested = (levels: number) =>
  `{ product(sku: "a") { ${'related { '.repeat(levels - 1)}sku${' }'.repeat(levels - 1)} } }`;
const repeat = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join(' ');

describe('operation limits', () => {
  describe('depth', () => {
    it('lets an operation exactly at the limit through and refuses one level more, saying both', () => {
      expect(measure(nested(11)).depth).toBe(12);
      expect(refusal(nested(11))).toBeUndefined();

      const refused = refusal(nested(12));

      expect(refused?.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', limit: 12, measured: 13 });
      expect(refused?.message).toContain('13 levels deep; at most 12');
    });

    it('counts depth through fragments, which add no level of their own', () => {
      const query = `{ product(sku: "a") { ...A } } fragment A on Product { related { ... on Product { ...B } } } fragment B on Product { related { sku } }`;
      expect(measure(query).depth).toBe(4);
    });

    it('does not count what is under __schema, so the full introspection query passes', () => {
      const introspection = measure(
        getIntrospectionQuery({
          descriptions: true,
          specifiedByUrl: true,
          directiveIsRepeatable: true,
          inputValueDeprecation: true,
        }),
      );
      expect(introspection).toMatchObject({ depth: 0, rootFields: 1, cost: 0 });
      expect(refusal(getIntrospectionQuery())).toBeUndefined();
    });
  });

  describe('aliases', () => {
    const aliased = (n: number) => `{ product(sku: "a") { ${repeat(n, (i) => `a${i}: sku`)} } }`;

    it('lets 30 through and refuses 31', () => {
      expect(refusal(aliased(30))).toBeUndefined();
      expect(refusal(aliased(31))?.extensions).toMatchObject({ code: 'TOO_MANY_ALIASES', limit: 30, measured: 31 });
    });

    it('counts the aliases of a fragment at every place it is spread', () => {
      const query = `{ one: product(sku: "a") { ...F } two: product(sku: "b") { ...F } } fragment F on Product { x: sku y: name }`;
      expect(measure(query).aliases).toBe(6);
    });
  });

  describe('directives', () => {
    const directed = (n: number) => `{ product(sku: "a") { ${repeat(n, () => 'sku @include(if: true)')} } }`;

    it('lets 20 through and refuses 21, counting those on operations, spreads and fragments too', () => {
      expect(refusal(directed(20))).toBeUndefined();
      expect(refusal(directed(21))?.extensions).toMatchObject({ code: 'TOO_MANY_DIRECTIVES', limit: 20, measured: 21 });
      const everywhere = `query Q($a: Boolean = true @deprecated) @skip(if: false) { product(sku: "a") { ...F @include(if: $a) } } fragment F on Product @skip(if: false) { sku @skip(if: false) }`;
      expect(measure(everywhere).directives).toBe(5);
    });
  });

  describe('root fields', () => {
    const roots = (n: number) => `{ ${repeat(n, (i) => `c${i}: categories { id }`)} }`;

    it('lets 20 through and refuses 21, counting fields a fragment brings to the root', () => {
      expect(refusal(roots(20), { maxAliases: 100 })).toBeUndefined();
      expect(refusal(roots(21), { maxAliases: 100 })?.extensions).toMatchObject({
        code: 'TOO_MANY_ROOT_FIELDS',
        limit: 20,
        measured: 21,
      });
      expect(
        measure(
          `{ categories { id } ...R } fragment R on Query { c: categories { id } ... on Query { d: categories { id } } }`,
        ).rootFields,
      ).toBe(3);
    });
  });

  describe('fragment expansion', () => {
    /** `levels` fragments, each spreading the one before it twice: 2^(levels+1) fields once expanded. */
    const bomb = (levels: number) =>
      [
        `{ products { edges { node { ...F${levels} } } } }`,
        'fragment F0 on Product { sku name }',
        ...Array.from({ length: levels }, (_, i) => `fragment F${i + 1} on Product { ...F${i} ...F${i} }`),
      ].join('\n');
    const selectionsIn = (query: string) => {
      let count = 0;
      visit(parse(query), {
        enter(node) {
          if (node.kind === Kind.FIELD || node.kind === Kind.FRAGMENT_SPREAD || node.kind === Kind.INLINE_FRAGMENT)
            count += 1;
        },
      });
      return count;
    };

    it('measures the expanded size exactly, lets it through at the limit and refuses it one over', () => {
      const query = bomb(3); // products, edges, node and 16 leaves
      expect(measure(query).expandedFields).toBe(19);
      expect(refusal(query, { maxExpandedFields: 19 })).toBeUndefined();
      expect(refusal(query, { maxExpandedFields: 18 })?.extensions).toMatchObject({
        code: 'FRAGMENT_EXPANSION_TOO_LARGE',
        limit: 18,
        measured: 19,
      });
    });

    it('refuses 20 stacked fragments (2 million fields expanded) while visiting each selection of the document once', () => {
      const query = bomb(20);
      expect(query.length).toBeLessThan(1500);

      const measured = measure(query);
      const refused = refusal(query);

      expect(measured.expandedFields).toBe(3 + 2 ** 21);
      expect(measured.visitedSelections).toBe(selectionsIn(query));
      expect(refused?.extensions).toMatchObject({
        code: 'FRAGMENT_EXPANSION_TOO_LARGE',
        limit: 5000,
        measured: 3 + 2 ** 21,
      });
      expect(refused?.message).toContain('2,097,155 fields; at most 5,000');
    });

    it('says "more than" rather than Infinity when the expansion exceeds what a number holds', () => {
      const query = bomb(1100);
      const measured = measure(query);
      expect(measured.visitedSelections).toBe(selectionsIn(query));
      expect(refusal(query)?.message).toContain('more than 9,007,199,254,740,991 fields');
    });

    it('measures documents validation would refuse without failing: unknown and cyclic fragments', () => {
      expect(
        measure(
          `{ product(sku: "a") { ...Missing ...A } } fragment A on Product { related { ...B } } fragment B on Product { related { ...A } }`,
        ).depth,
      ).toBe(3);
    });
  });

  describe('cost', () => {
    const listing = `products(first: 100) { edges { node { sku name stockLevels { available } } } }`;

    it('multiplies what a connection selects by first, and lists nothing sizes by 10', () => {
      // products 100 + 100 edges × (edge 1 + node 1 + sku 1 + name 1 + 10 stock levels × 2)
      expect(measure(`{ ${listing} }`).cost).toBe(100 + 100 * (4 + 10 * 2));
      // without first, the subgraphs' page of 20
      expect(measure(`{ products { edges { node { sku } } } }`).cost).toBe(20 + 20 * 3);
    });

    it('reads first and lists from variables, then from their defaults, and from inside input objects', () => {
      const skus = Array.from({ length: 300 }, (_, i) => `SG-${i}`);
      expect(measure(`query ($n: Int) { products(first: $n) { edges { cursor } } }`, { n: 50 }).cost).toBe(50 + 50 * 2);
      expect(measure(`query ($n: Int = 7) { products(first: $n) { edges { cursor } } }`).cost).toBe(7 + 7 * 2);
      expect(measure(`query ($s: [ID!]!) { stockLevels(skus: $s) { available } }`, { s: skus }).cost).toBe(300 * 2);
      expect(measure(`query ($s: [ID!]! = ["a", "b", "c"]) { stockLevels(skus: $s) { available } }`).cost).toBe(3 * 2);
      expect(measure(`{ stockLevels(skus: ["a", "b", "c", "d"]) { available } }`).cost).toBe(4 * 2);
      expect(
        measure(`query ($s: [ID!]!) { stockLevels(skus: $s, locationIds: ["a", "b"]) { available } }`, { s: skus })
          .cost,
      ).toBe(600 * 2);
      expect(
        measure(`query ($s: [ID!]) { products(filter: { skus: $s }) { edges { cursor } } }`, { s: skus }).cost,
      ).toBe(300 + 300 * 2);
      expect(
        measure(`query ($f: ProductFilter) { products(first: 5, filter: $f) { edges { cursor } } }`, { f: { skus } })
          .cost,
      ).toBe(300 + 300 * 2);
    });

    it('hands the size of a mutation list to the lists of its payload, and of a subscription filter likewise', () => {
      const inputs = Array.from({ length: 1000 }, (_, i) => ({ sku: `SG-${i}` }));
      expect(
        measure(
          `mutation ($i: [AdjustInput!]!) { adjustStocks(inputs: $i) { stockLevels { available } userErrors } }`,
          { i: inputs },
        ).cost,
      ).toBe(1000 + 1000 * 2 + 1000);
      expect(measure(`subscription { stockChanged(skus: ["a", "b", "c"]) { sku available } }`).cost).toBe(3 + 2);
    });

    it('lets an operation at the limit through and refuses it one over; introspection and __typename are free', () => {
      const cost = measure(`{ ${listing} __typename __type(name: "Product") { name } }`).cost;
      expect(cost).toBe(2500);
      expect(refusal(`{ ${listing} }`, { maxCost: 2500 })).toBeUndefined();
      const refused = refusal(`{ ${listing} }`, { maxCost: 2499 });
      expect(refused?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', limit: 2499, measured: 2500 });
      expect(refused?.message).toContain('estimated cost is 2,500; at most 2,499');
    });

    it('refuses a list of 100,000 skus sent as a variable by its length, before measuring its cost', () => {
      const skus = Array.from({ length: 100_000 }, (_, i) => `SG-${i}`);
      expect(
        refusal(`query ($s: [ID!]!) { stockLevels(skus: $s) { sku } }`, {}, { s: skus })?.extensions,
      ).toMatchObject({ code: 'INPUT_LIST_TOO_LONG', limit: 1000, measured: 100_000 });
    });
  });

  describe('variables', () => {
    const ADJUST = `mutation ($i: [AdjustInput!]!) { adjustStocks(inputs: $i) { userErrors } }`;

    it('refuses variables the operation does not declare, naming a few', () => {
      const junk = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`v${i}`, i]));
      const refused = refusal(ADJUST, {}, { i: [], ...junk });
      expect(refused?.extensions).toMatchObject({ code: 'UNDECLARED_VARIABLE', measured: 50_000 });
      expect(refused?.message).toContain('$v0, $v1, $v2, …');
      expect(refusal(ADJUST, {}, { i: [{ sku: 'a' }] })).toBeUndefined();
    });

    it('measures a list inside an input object by its real length and names where it is', () => {
      const lines = Array.from({ length: 30_000 }, () => ({ sku: 'a', quantity: 1 }));
      const refused = refusal(ADJUST, {}, { i: [{ sku: 'a', lines }] });
      expect(refused?.extensions).toMatchObject({ code: 'INPUT_LIST_TOO_LONG', limit: 1000, measured: 30_000 });
      expect(refused?.message).toContain('$i.lines holds 30,000 items');
      expect(refusal(ADJUST, {}, { i: Array.from({ length: 1000 }, () => ({ sku: 'a' })) })).toBeUndefined();
    });

    it('refuses more values than allowed however they are spread over lists', () => {
      const inputs = Array.from({ length: 1000 }, () => ({ sku: 'a', at: Array.from({ length: 30 }, () => 1) }));
      expect(refusal(ADJUST, {}, { i: inputs })?.extensions).toMatchObject({
        code: 'INPUT_TOO_LARGE',
        limit: 20_000,
      });
    });
  });

  describe('introspection depth', () => {
    it("lets the console's full introspection query through and refuses a long ofType chain", () => {
      const full = getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true });
      expect(measure(full).introspectionDepth).toBeLessThanOrEqual(20);
      expect(refusal(full)).toBeUndefined();
      const chain = `{ __type(name: "Product") { ${'ofType { '.repeat(1600)}name${' }'.repeat(1600)} } }`;
      const refused = refusal(chain);
      expect(refused?.extensions).toMatchObject({ code: 'INTROSPECTION_TOO_DEEP', limit: 20, measured: 1602 });
    });
  });
});
