import {
  type ArgumentNode,
  type DefinitionNode,
  type DocumentNode,
  type FieldNode,
  getOperationAST,
  GraphQLBoolean,
  GraphQLError,
  type GraphQLSchema,
  isNonNullType,
  Kind,
  type OperationDefinitionNode,
  parseType,
  print,
  valueFromAST,
  type VariableDefinitionNode,
  type VariableNode,
  visit,
} from 'graphql';
import type { LiveFilterSpec, LiveSnapshotSpec } from './filter-directives';

/** Prefix of the variables and fields this gateway adds to a selection; no client name starts with `__` (reserved). */
const HIDDEN = '__live_';

/** The variable carrying an argument's union of values upstream. */
export const filterVariable = (argument: string): string => `${HIDDEN}${argument}`;
/** The alias under which an event's filter field is always selected, for routing. */
export const filterAlias = (field: string): string => `${HIDDEN}${field}`;

/** What a client watches of one filter argument: these values, or (null) everything. */
export type FilterValues = ReadonlySet<string> | null;

/**
 * A client's subscription as the upstream work sees it: the operation with its filter
 * arguments taken out — given back as variables the group fills with the union of its
 * clients' values — the filter fields selected under hidden aliases so events can be
 * routed, and the operation unnamed. Clients whose `text` (and remaining variables, and
 * scope) are equal share one upstream, one run of the plan and one result per event.
 */
export interface LiveSelection {
  document: DocumentNode;
  text: string;
  /** What clients get: the selection without the hidden routing fields (the same for every client of a group). */
  shapeDocument: DocumentNode;
  /** The root field's name in results (the client's alias, if any). */
  rootName: string;
  /** The root field's filters, in the order the subgraph declared them. */
  specs: readonly LiveFilterSpec[];
  /** Per filter argument, what this client watches. */
  filters: ReadonlyMap<string, FilterValues>;
  /** The client's variables the selection still uses (filters taken out). */
  variables: Record<string, unknown>;
  /** The root field's `@liveSnapshot`, when it has one (its version is then selected under a hidden alias). */
  snapshot: LiveSnapshotSpec | null;
  /** The filter arguments the snapshot query requires: an upstream asks for the current state only with all of them. */
  snapshotRequires: readonly string[];
  /** The client asked for the current state first (the snapshot argument, or a resumed stream). */
  current: boolean;
}

/**
 * Normalises a validated subscription document. A root field without `@liveFilter`
 * marks keeps all its arguments: then only identical subscriptions share.
 */
export function liveSelection(
  apiSchema: GraphQLSchema,
  marks: {
    filters: ReadonlyMap<string, readonly LiveFilterSpec[]>;
    snapshots: ReadonlyMap<string, LiveSnapshotSpec>;
  },
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
  /** A stream the client resumes (SSE's Last-Event-ID): the current state first, as if it asked. */
  resume = false,
): LiveSelection {
  const operation = getOperationAST(document, operationName);
  if (!operation) throw new Error('liveSelection needs a validated document with the operation to run');
  const root = operation.selectionSet.selections.find(
    (selection): selection is FieldNode => selection.kind === Kind.FIELD,
  );
  const fieldDef = root ? apiSchema.getSubscriptionType()?.getFields()[root.name.value] : undefined;
  const specs = (root && fieldDef && marks.filters.get(root.name.value)) || [];
  const snapshot = (root && specs.length > 0 && marks.snapshots.get(root.name.value)) || null;
  const filters = new Map<string, FilterValues>();
  let current = false;
  let snapshotRequires: string[] = [];
  const unnamed: OperationDefinitionNode = { ...operation, name: undefined };
  let upstream = unnamed;
  // What clients get: the root field without its filter arguments, nothing hidden added.
  let shaped = unnamed;

  if (root && fieldDef && specs.length > 0) {
    for (const spec of specs) {
      const node = root.arguments?.find((arg) => arg.name.value === spec.argument);
      const type = fieldDef.args.find((arg) => arg.name === spec.argument)?.type;
      const values = node && type ? valuesOf(valueFromAST(node.value, type, variables)) : null;
      // The subgraph's own bound, kept here: with a shared upstream these values may never reach it.
      if (values && spec.max !== null && values.size > spec.max) {
        throw new GraphQLError(
          `${root.name.value}(${spec.argument}) takes at most ${spec.max} values, got ${values.size}.`,
          {
            extensions: { code: 'TOO_MANY_FILTER_VALUES', field: spec.argument },
          },
        );
      }
      filters.set(spec.argument, values);
    }
    if (snapshot) {
      const node = root.arguments?.find((arg) => arg.name.value === snapshot.argument);
      current = resume || (node !== undefined && valueFromAST(node.value, GraphQLBoolean, variables) === true);
      const queryFields = apiSchema.getQueryType()?.getFields() ?? {};
      const required = queryFields[snapshot.query]?.args.filter((arg) => isNonNullType(arg.type));
      snapshotRequires = (required ?? []).map((arg) => arg.name).filter((name) => filters.has(name));
      const missing = current && required?.find((arg) => filters.has(arg.name) && filters.get(arg.name) === null);
      if (missing) {
        throw new GraphQLError(
          `${root.name.value}(${snapshot.argument}: true) needs ${missing.name}: name what to watch.`,
          {
            extensions: { code: 'FILTER_REQUIRED', field: missing.name },
          },
        );
      }
    }
    // The filters, and the snapshot argument (answered per client, never upstream), are taken out.
    const lifted = (name: string) => specs.some((spec) => spec.argument === name) || snapshot?.argument === name;
    const kept = (root.arguments ?? []).filter((arg) => !lifted(arg.name.value));
    // The snapshot argument goes upstream as the group decides (see SelectionGroup.open), never as a client said.
    const added: ArgumentNode[] = [...specs.map((spec) => spec.argument), ...(snapshot ? [snapshot.argument] : [])].map(
      (argument) => ({
        kind: Kind.ARGUMENT,
        name: { kind: Kind.NAME, value: argument },
        value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: filterVariable(argument) } },
      }),
    );
    const hidden: FieldNode[] = [...specs.map((spec) => spec.field), ...(snapshot ? [snapshot.version] : [])].map(
      (field) => ({
        kind: Kind.FIELD,
        alias: { kind: Kind.NAME, value: filterAlias(field) },
        name: { kind: Kind.NAME, value: field },
      }),
    );
    const definitions: VariableDefinitionNode[] = [
      ...specs.map((spec) => spec.argument),
      ...(snapshot ? [snapshot.argument] : []),
    ].map((argument) => ({
      kind: Kind.VARIABLE_DEFINITION,
      variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: filterVariable(argument) } },
      type: parseType(String(fieldDef.args.find((arg) => arg.name === argument)?.type)),
    }));
    const withRoot = (field: FieldNode, extraDefinitions: VariableDefinitionNode[]): OperationDefinitionNode => ({
      ...unnamed,
      variableDefinitions: [...(operation.variableDefinitions ?? []), ...extraDefinitions],
      selectionSet: {
        ...operation.selectionSet,
        selections: operation.selectionSet.selections.map((selection) => (selection === root ? field : selection)),
      },
    });
    upstream = withRoot(
      {
        ...root,
        arguments: [...kept, ...added],
        selectionSet: { kind: Kind.SELECTION_SET, selections: [...(root.selectionSet?.selections ?? []), ...hidden] },
      },
      definitions,
    );
    shaped = withRoot({ ...root, arguments: kept }, []);
  }

  const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
  const used = variablesUsed(upstream, fragments);
  const normalized: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [withoutUnusedVariables(upstream, used), ...fragments],
  };
  const shapeDocument: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [withoutUnusedVariables(shaped, variablesUsed(shaped, fragments)), ...fragments],
  };

  // Variables only the filters used are gone from the selection, so they do not tell clients apart.
  const remaining: Record<string, unknown> = {};
  for (const name of used) if (!name.startsWith(HIDDEN) && name in variables) remaining[name] = variables[name];
  return {
    document: normalized,
    text: print(normalized),
    shapeDocument,
    rootName: root ? (root.alias?.value ?? root.name.value) : '',
    specs,
    filters,
    variables: remaining,
    snapshot,
    snapshotRequires,
    current,
  };
}

/** Reads an event's hidden fields (filter fields, the version) from its root object. */
export function routingValues(data: Record<string, unknown>, rootName: string): (field: string) => unknown {
  const root = data[rootName];
  return (field) =>
    root !== null && typeof root === 'object' ? (root as Record<string, unknown>)[filterAlias(field)] : undefined;
}

/**
 * Where an event stands in its stream: its filter fields' values (the thing it is about,
 * such as a sku at a location) and its version, when the field is marked `@liveSnapshot`.
 */
export function orderOf(
  selection: Pick<LiveSelection, 'rootName' | 'specs' | 'snapshot'>,
  data: Record<string, unknown>,
): { key: string; version: number } | undefined {
  if (!selection.snapshot) return undefined;
  const read = routingValues(data, selection.rootName);
  const version = read(selection.snapshot.version);
  if (typeof version !== 'number') return undefined;
  return { key: JSON.stringify(selection.specs.map((spec) => read(spec.field))), version };
}

/** The variables an operation (and the fragments it may spread) refers to. */
function variablesUsed(operation: OperationDefinitionNode, fragments: readonly DefinitionNode[]): Set<string> {
  const used = new Set<string>();
  const collect = { Variable: (node: VariableNode) => void used.add(node.name.value) };
  visit({ ...operation, variableDefinitions: [] }, collect);
  for (const fragment of fragments) visit(fragment, collect);
  return used;
}

function withoutUnusedVariables(
  operation: OperationDefinitionNode,
  used: ReadonlySet<string>,
): OperationDefinitionNode {
  return {
    ...operation,
    variableDefinitions: (operation.variableDefinitions ?? []).filter((definition) =>
      used.has(definition.variable.name.value),
    ),
  };
}

/** A filter argument's value as a set of strings; null (absent or null) watches everything. */
function valuesOf(value: unknown): FilterValues {
  if (value === null || value === undefined) return null;
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  return new Set(items.filter((item) => typeof item === 'string' || typeof item === 'number').map(String));
}
