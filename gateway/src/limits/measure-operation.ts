import {
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  type GraphQLField,
  GraphQLList,
  type GraphQLNamedType,
  type GraphQLSchema,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/** What an operation would become once every fragment is expanded, measured without expanding it. */
export interface OperationMeasure {
  /** Deepest field nesting; fields under `__schema` and `__type` do not count here but in `introspectionDepth`. */
  depth: number;
  /** Deepest nesting under `__schema` or `__type`, the roots included (an `ofType` chain grows it). */
  introspectionDepth: number;
  /** Aliased fields, counted once per place a fragment is spread. */
  aliases: number;
  /** Directive uses, likewise. */
  directives: number;
  /** Fields of the root type the operation selects. */
  rootFields: number;
  /** Fields of the fully expanded selection: what the planner and executor would walk. */
  expandedFields: number;
  /** Estimated work, see `measureOperation`. */
  cost: number;
  /** Selection nodes the measurement looked at: at most each node of the document once. */
  visitedSelections: number;
}

/** Arguments whose list length says how many items a field fetches or changes. */
const LIST_SIZE_ARGUMENTS = new Set(['skus', 'locationIds', 'counts', 'inputs']);
/** What a connection returns when `first` is not given (`pageSize` in @stockgraph/shared). */
const DEFAULT_PAGE_SIZE = 20;
/** Items assumed in a list nothing sizes (regions, order lines, a product's stock levels). */
const DEFAULT_LIST_SIZE = 10;
/** Sums and products stop here, so a bomb of fragments reads as "huge" rather than Infinity. */
export const SATURATED = Number.MAX_SAFE_INTEGER;

const introspectionRoots = new Set(['__schema', '__type']);

/**
 * A selection set's measures. Cost is kept in two parts because a list directly inside a
 * sized field (`edges` under `products(first: 100)`) takes that field's size, which only
 * the place the set is used knows: cost = fixed + (size of the enclosing field) × perItem.
 */
interface SetMeasure {
  depth: number;
  introspectionDepth: number;
  aliases: number;
  directives: number;
  fields: number;
  topFields: number;
  fixedCost: number;
  perItemCost: number;
}

/** The measure of an empty selection, to add to. */
const nothing = (): SetMeasure => ({
  depth: 0,
  introspectionDepth: 0,
  aliases: 0,
  directives: 0,
  fields: 0,
  topFields: 0,
  fixedCost: 0,
  perItemCost: 0,
});

const add = (a: number, b: number) => Math.min(a + b, SATURATED);
const times = (a: number, b: number) => Math.min(a * b, SATURATED);

/**
 * Measures one operation in a single pass that looks at each selection of the document at
 * most once: a fragment is measured the first time it is spread and its measures reused
 * for every other spread, so a document of fragments that each spread the previous one
 * twice costs linear work to measure while its expansion is exponential.
 *
 * Cost is the number of values the operation could ask for: every field is 1, and a list
 * multiplies what is selected inside it by its size — the length of its `skus`,
 * `locationIds`, `counts` or `inputs` argument (also inside an input object such as
 * `filter: { skus }`; several multiply), `first` for a connection (20 when absent; the
 * larger of the two when both are given), or 10 for a list nothing sizes. A sized field
 * that is not a list itself (a connection, a mutation payload) costs its size and hands it
 * to the lists directly inside it. Introspection and `__typename` cost nothing. Variables
 * are read from `variables`, else from their default; the document is not assumed valid
 * (unknown fields and fragments count as plain fields or nothing).
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Readonly<Record<string, unknown>> = {},
): OperationMeasure {
  const defaults = new Map(operation.variableDefinitions?.map((d) => [d.variable.name.value, d.defaultValue]) ?? []);
  const memo = new Map<string, SetMeasure>();
  const inProgress = new Set<string>();
  let visitedSelections = 0;

  // A default is a constant of the document: read once, however often it is used.
  const defaultValues = new Map<string, unknown>();
  const variable = (name: string): unknown => {
    if (Object.hasOwn(variables, name)) return variables[name];
    if (!defaultValues.has(name)) {
      const fallback = defaults.get(name);
      defaultValues.set(name, fallback ? valueOf(fallback) : undefined);
    }
    return defaultValues.get(name);
  };
  /** A value as far as sizing reads it: numbers, lists (their length only) and the sizing fields of objects. */
  const valueOf = (node: ValueNode): unknown => {
    switch (node.kind) {
      case Kind.VARIABLE:
        return variable(node.name.value);
      case Kind.LIST:
        return node.values;
      case Kind.OBJECT:
        return Object.fromEntries(
          node.fields.filter((f) => LIST_SIZE_ARGUMENTS.has(f.name.value)).map((f) => [f.name.value, valueOf(f.value)]),
        );
      case Kind.INT:
        return Number(node.value);
      case Kind.NULL:
        return null;
      default:
        return true; // some non-null scalar: a list of one once coerced
    }
  };

  /** How many items a field fetches, or undefined when none of its arguments says. */
  const sizeOf = (node: FieldNode, field: GraphQLField<unknown, unknown> | undefined): number | undefined => {
    let listSize: number | undefined;
    const count = (name: string, value: unknown) => {
      if (!LIST_SIZE_ARGUMENTS.has(name) || value === null || value === undefined) return;
      listSize = times(listSize ?? 1, Math.max(1, Array.isArray(value) ? value.length : 1));
    };
    let first: number | undefined;
    for (const argument of node.arguments ?? []) {
      const value = valueOf(argument.value);
      if (argument.name.value === 'first' && typeof value === 'number') first = value;
      count(argument.name.value, value);
      // Only the sizing fields are looked up: a variable may be an object of any size.
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const name of LIST_SIZE_ARGUMENTS)
          if (Object.hasOwn(value, name)) count(name, (value as Record<string, unknown>)[name]);
      }
    }
    if (first === undefined && field?.args.some((a) => a.name === 'first')) first = DEFAULT_PAGE_SIZE;
    if (first === undefined) return listSize;
    return Math.max(1, first, listSize ?? 0);
  };

  const measureSet = (set: SelectionSetNode, parent: GraphQLNamedType | undefined): SetMeasure => {
    const total = nothing();
    const merge = (part: SetMeasure) => {
      total.depth = Math.max(total.depth, part.depth);
      total.introspectionDepth = Math.max(total.introspectionDepth, part.introspectionDepth);
      total.aliases = add(total.aliases, part.aliases);
      total.directives = add(total.directives, part.directives);
      total.fields = add(total.fields, part.fields);
      total.topFields = add(total.topFields, part.topFields);
      total.fixedCost = add(total.fixedCost, part.fixedCost);
      total.perItemCost = add(total.perItemCost, part.perItemCost);
    };
    for (const selection of set.selections) {
      visitedSelections += 1;
      total.directives = add(total.directives, selection.directives?.length ?? 0);
      switch (selection.kind) {
        case Kind.FIELD:
          merge(measureField(selection, parent));
          break;
        case Kind.INLINE_FRAGMENT: {
          const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
          merge(measureSet(selection.selectionSet, type));
          break;
        }
        case Kind.FRAGMENT_SPREAD:
          merge(measureFragment(selection.name.value));
          break;
      }
    }
    return total;
  };

  const measureFragment = (name: string): SetMeasure => {
    const known = memo.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    // An unknown or cyclic spread measures nothing here; validation refuses the document.
    if (!fragment || inProgress.has(name)) return nothing();
    inProgress.add(name);
    const measured = measureSet(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value));
    measured.directives = add(measured.directives, fragment.directives?.length ?? 0);
    inProgress.delete(name);
    memo.set(name, measured);
    return measured;
  };

  const measureField = (node: FieldNode, parent: GraphQLNamedType | undefined): SetMeasure => {
    const name = node.name.value;
    const field = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
    const inner = node.selectionSet
      ? measureSet(node.selectionSet, field ? getNamedType(field.type) : undefined)
      : undefined;
    const introspectionRoot = introspectionRoots.has(name);
    const measure: SetMeasure = {
      depth: introspectionRoot ? 0 : 1 + (inner?.depth ?? 0),
      // Under an introspection root every field counts: `depth` does not see them.
      introspectionDepth: introspectionRoot
        ? 1 + Math.max(inner?.depth ?? 0, inner?.introspectionDepth ?? 0)
        : (inner?.introspectionDepth ?? 0),
      aliases: add(node.alias ? 1 : 0, inner?.aliases ?? 0),
      directives: inner?.directives ?? 0,
      fields: add(1, inner?.fields ?? 0),
      topFields: 1,
      fixedCost: 0,
      perItemCost: 0,
    };
    if (name.startsWith('__')) return measure;
    const size = sizeOf(node, field);
    const isList = field ? getNullableType(field.type) instanceof GraphQLList : false;
    const innerCost = (itemSize: number | undefined) =>
      inner ? add(inner.fixedCost, times(itemSize ?? DEFAULT_LIST_SIZE, inner.perItemCost)) : 0;
    if (isList && size === undefined) {
      // Sized by the enclosing field, which is known only where this set is used.
      measure.perItemCost = add(1, innerCost(undefined));
    } else if (isList && size !== undefined) {
      measure.fixedCost = times(size, add(1, innerCost(undefined)));
    } else {
      measure.fixedCost = add(size ?? 1, innerCost(size));
    }
    return measure;
  };

  const root = operation.selectionSet;
  const rootType = schema.getRootType(operation.operation) ?? undefined;
  const measured = measureSet(root, rootType);
  const operationDirectives =
    (operation.directives?.length ?? 0) +
    (operation.variableDefinitions ?? []).reduce((n, d) => n + (d.directives?.length ?? 0), 0);
  return {
    depth: measured.depth,
    introspectionDepth: measured.introspectionDepth,
    aliases: measured.aliases,
    directives: add(measured.directives, operationDirectives),
    rootFields: measured.topFields,
    expandedFields: measured.fields,
    cost: add(measured.fixedCost, times(DEFAULT_LIST_SIZE, measured.perItemCost)),
    visitedSelections,
  };
}
