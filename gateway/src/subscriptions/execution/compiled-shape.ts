import { getVariableValues } from 'graphql/execution/values';
import {
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getDirectiveValues,
  getOperationAST,
  GraphQLError,
  GraphQLIncludeDirective,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  GraphQLSkipDirective,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';

type Json = Record<string, unknown>;
type Path = Array<string | number>;

/** A field's value could not be completed: graphql-js's message, at the field's path. */
class FieldError extends Error {
  constructor(
    message: string,
    readonly path: Path,
    readonly nodes: readonly FieldNode[],
  ) {
    super(message);
  }
}

/**
 * Shapes an event's merged data to a client's selection, as graphql-js's `execute` does
 * with resolvers that read each field by its response name — but compiled once for a
 * document and its variables, so an event costs a walk over the data rather than an
 * execution: fields are collected once per (selection set, concrete type), `@include`
 * and `@skip` decided once, leaves serialised by their type. Errors (a null in a non-null
 * field, a list that is not one, an unknown `__typename`) carry graphql-js's messages and
 * paths, and null out to the nearest nullable field as graphql-js does.
 */
export function compileShape(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
) {
  const operation = getOperationAST(document, operationName);
  const rootType = operation && schema.getRootType(operation.operation);
  if (!operation || !rootType) throw new Error('compileShape needs a validated document with the operation to shape');
  const fragments = new Map(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  // Variables as execution sees them (coerced, defaults applied).
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) throw coerced.errors[0];
  const values = coerced.coerced;
  const included = (node: { directives?: readonly DirectiveNode[] }): boolean => {
    if (!node.directives?.length) return true;
    if (getDirectiveValues(GraphQLSkipDirective, node, values)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, node, values)?.if !== false;
  };
  const applies = (typeCondition: string | undefined, type: GraphQLObjectType): boolean => {
    if (!typeCondition || typeCondition === type.name) return true;
    const condition = schema.getType(typeCondition);
    return !!condition && isAbstractType(condition) && schema.isSubType(condition, type);
  };
  const collected = new Map<string, Map<string, FieldNode[]>>();
  const setIds = new WeakMap<object, number>();
  let nextSetId = 0;
  const idOf = (sets: readonly SelectionSetNode[]) =>
    sets
      .map((set) => {
        let id = setIds.get(set);
        if (id === undefined) setIds.set(set, (id = nextSetId++));
        return id;
      })
      .join(',');

  /** The fields to complete on an object of `type`, by response name, in document order (graphql-js's collectFields). */
  const fieldsOf = (type: GraphQLObjectType, sets: readonly SelectionSetNode[]): Map<string, FieldNode[]> => {
    const key = `${type.name}|${idOf(sets)}`;
    const cached = collected.get(key);
    if (cached) return cached;
    const fields = new Map<string, FieldNode[]>();
    const visited = new Set<string>();
    const walk = (set: SelectionSetNode) => {
      for (const selection of set.selections) {
        if (!included(selection)) continue;
        if (selection.kind === Kind.FIELD) {
          const name = selection.alias?.value ?? selection.name.value;
          fields.set(name, [...(fields.get(name) ?? []), selection]);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (applies(selection.typeCondition?.name.value, type)) walk(selection.selectionSet);
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (visited.has(name) || !fragment || !applies(fragment.typeCondition.name.value, type)) continue;
          visited.add(name);
          walk(fragment.selectionSet);
        }
      }
    };
    sets.forEach(walk);
    collected.set(key, fields);
    return fields;
  };

  const completeObject = (
    type: GraphQLObjectType,
    nodes: readonly FieldNode[],
    source: Json,
    path: Path,
    errors: GraphQLError[],
  ): Json => {
    const sets = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
    const result: Json = {};
    for (const [name, fieldNodes] of fieldsOf(type, sets)) {
      const fieldName = fieldNodes[0]?.name.value ?? name;
      if (fieldName === '__typename') {
        result[name] = type.name;
        continue;
      }
      const field = type.getFields()[fieldName];
      if (!field) continue;
      result[name] = completeField(
        field.type,
        fieldNodes,
        source[name],
        [...path, name],
        `${type.name}.${fieldName}`,
        errors,
      );
    }
    return result;
  };

  /** A field's value; a failure in a nullable field is recorded and nulls it, in a non-null one it propagates. */
  const completeField = (
    type: GraphQLOutputType,
    nodes: readonly FieldNode[],
    value: unknown,
    path: Path,
    coordinate: string,
    errors: GraphQLError[],
  ): unknown => {
    try {
      return complete(type, nodes, value, path, coordinate, errors);
    } catch (error) {
      if (!(error instanceof FieldError) || isNonNullType(type)) throw error;
      errors.push(new GraphQLError(error.message, { nodes: error.nodes, path: error.path }));
      return null;
    }
  };

  const complete = (
    type: GraphQLOutputType,
    nodes: readonly FieldNode[],
    value: unknown,
    path: Path,
    coordinate: string,
    errors: GraphQLError[],
  ): unknown => {
    if (isNonNullType(type)) {
      const completed = complete(type.ofType, nodes, value, path, coordinate, errors);
      if (completed === null)
        throw new FieldError(`Cannot return null for non-nullable field ${coordinate}.`, path, nodes);
      return completed;
    }
    if (value === null || value === undefined) return null;
    if (isListType(type)) {
      if (!Array.isArray(value))
        throw new FieldError(`Expected Iterable, but did not find one for field "${coordinate}".`, path, nodes);
      return value.map((item, index) => completeField(type.ofType, nodes, item, [...path, index], coordinate, errors));
    }
    if (isLeafType(type)) {
      try {
        return type.serialize(value);
      } catch (error) {
        throw new FieldError((error as Error).message, path, nodes);
      }
    }
    if (typeof value !== 'object')
      throw new FieldError(
        `Expected value of type "${type.name}" but got: ${JSON.stringify(value) ?? typeof value}.`,
        path,
        nodes,
      );
    const source = value as Json;
    let objectType: GraphQLObjectType;
    if (isObjectType(type)) objectType = type;
    else {
      const runtime = typeof source.__typename === 'string' ? schema.getType(source.__typename) : undefined;
      if (!runtime || !isObjectType(runtime) || !schema.isSubType(type, runtime)) {
        throw new FieldError(
          `Abstract type "${type.name}" must resolve to an Object type at runtime for field "${coordinate}". Either the "${type.name}" type should provide a "resolveType" function or each possible type should provide an "isTypeOf" function.`,
          path,
          nodes,
        );
      }
      objectType = runtime;
    }
    return completeObject(objectType, nodes, source, path, errors);
  };

  const rootNode: FieldNode = {
    kind: Kind.FIELD,
    name: { kind: Kind.NAME, value: rootType.name },
    selectionSet: operation.selectionSet,
  };
  return (data: Json, upstreamErrors: readonly GraphQLError[] = []): { data: Json | null; errors?: GraphQLError[] } => {
    const errors: GraphQLError[] = [];
    let shaped: Json | null;
    try {
      shaped = completeObject(rootType, [rootNode], data, [], errors);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      errors.push(new GraphQLError(error.message, { nodes: error.nodes, path: error.path }));
      shaped = null;
    }
    const all = [...upstreamErrors, ...errors];
    return all.length > 0 ? { data: shaped, errors: all } : { data: shaped };
  };
}
