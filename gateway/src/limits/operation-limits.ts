import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
} from 'graphql';
import { measureOperation, type OperationMeasure, SATURATED } from './measure-operation';
import { type InputLimitCode, type InputLimits, inputViolation } from '@stockgraph/runtime';

/** How big an operation may be, checked before anything is planned (see `measureOperation` for what each counts). */
export interface OperationLimits extends InputLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxRootFields: number;
  /** Fields of the selection with every fragment expanded. */
  maxExpandedFields: number;
  maxCost: number;
  /** Nesting under `__schema` and `__type` (an `ofType` chain), which the depth limit does not count. */
  maxIntrospectionDepth: number;
}

/** The code of each refusal, in `extensions.code`. */
export type OperationLimitCode =
  | 'FRAGMENT_EXPANSION_TOO_LARGE'
  | 'QUERY_TOO_DEEP'
  | 'TOO_MANY_ALIASES'
  | 'TOO_MANY_ROOT_FIELDS'
  | 'TOO_MANY_DIRECTIVES'
  | 'QUERY_TOO_COSTLY'
  | 'INTROSPECTION_TOO_DEEP'
  | InputLimitCode;

interface Check {
  code: OperationLimitCode;
  limit: Exclude<keyof OperationLimits, 'maxInputListLength' | 'maxInputValues'>;
  measure: Exclude<keyof OperationMeasure, 'visitedSelections'>;
  explain(measured: string, limit: string): string;
}

// Expansion comes first: when fragments blow up, every other count is blown up by them too,
// and the fix is the fragments.
const CHECKS: readonly Check[] = [
  {
    code: 'FRAGMENT_EXPANSION_TOO_LARGE',
    limit: 'maxExpandedFields',
    measure: 'expandedFields',
    explain: (m, l) =>
      `with its fragments expanded, the operation selects ${m} fields; at most ${l} are allowed. Spread fragments fewer times, or split the operation.`,
  },
  {
    code: 'QUERY_TOO_DEEP',
    limit: 'maxDepth',
    measure: 'depth',
    explain: (m, l) =>
      `the operation nests fields ${m} levels deep; at most ${l} are allowed. Fetch the deeper part with a second request.`,
  },
  {
    code: 'TOO_MANY_ALIASES',
    limit: 'maxAliases',
    measure: 'aliases',
    explain: (m, l) =>
      `the operation uses ${m} aliases (each fragment spread counts its own); at most ${l} are allowed. Split it into several requests.`,
  },
  {
    code: 'TOO_MANY_ROOT_FIELDS',
    limit: 'maxRootFields',
    measure: 'rootFields',
    explain: (m, l) =>
      `the operation selects ${m} root fields; at most ${l} are allowed. Split it into several requests.`,
  },
  {
    code: 'TOO_MANY_DIRECTIVES',
    limit: 'maxDirectives',
    measure: 'directives',
    explain: (m, l) =>
      `the operation uses ${m} directives (each fragment spread counts its own); at most ${l} are allowed.`,
  },
  {
    code: 'INTROSPECTION_TOO_DEEP',
    limit: 'maxIntrospectionDepth',
    measure: 'introspectionDepth',
    explain: (m, l) =>
      `the operation nests introspection fields ${m} levels deep; at most ${l} are allowed (the console's full introspection query needs about 15).`,
  },
  {
    code: 'QUERY_TOO_COSTLY',
    limit: 'maxCost',
    measure: 'cost',
    explain: (m, l) =>
      `the operation's estimated cost is ${m}; at most ${l} is allowed. Each field costs 1 and a list multiplies what it selects by its size ` +
      `(first, or the length of skus, locationIds, counts or inputs; 10 for other lists): ask for fewer items or fewer fields.`,
  },
];

const show = (n: number) =>
  n >= SATURATED ? `more than ${SATURATED.toLocaleString('en-US')}` : n.toLocaleString('en-US');

/** The fragments a document defines, by name (the first of a duplicated name; validation refuses duplicates). */
export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION && !fragments.has(definition.name.value))
      fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/**
 * The first limit an operation exceeds, as a GraphQLError whose `extensions` carry the
 * `code`, the `limit` and the `measured` value (the message says both and what to do), or
 * undefined when it is within every limit. The same check serves HTTP and WebSocket; it
 * takes work linear in the document's size, whatever its fragments expand to.
 */
export function operationLimitViolation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
  limits: OperationLimits,
): GraphQLError | undefined {
  const inputs = inputViolation(operation, variables, limits);
  if (inputs) return inputs;
  const measured = measureOperation(schema, operation, fragmentsOf(document), variables);
  for (const check of CHECKS) {
    const value = measured[check.measure];
    const limit = limits[check.limit];
    if (value > limit) {
      return new GraphQLError(check.explain(show(value), show(limit)), {
        extensions: { code: check.code, category: 'BAD_USER_INPUT', limit, measured: value },
      });
    }
  }
  return undefined;
}
