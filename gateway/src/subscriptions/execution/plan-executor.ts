import type { FetchNode, PlanNode, QueryPlanSelectionNode, ResponsePath } from '@apollo/query-planner';
import { GraphQLError, type GraphQLSchema, isAbstractType, isObjectType } from 'graphql';

/** Runs one `_entities` fetch; the batcher behind it may merge it with others. */
export type EntityFetch = (request: {
  serviceName: string;
  operation: string;
  operationName: string | undefined;
  representations: Array<Record<string, unknown>>;
  variables: Record<string, unknown>;
  /** Who the fetch is for (an encoded acting-for caller): the subgraph answers as it would them. */
  scope: string;
}) => Promise<{ entities: Array<Record<string, unknown> | null>; errors: GraphQLError[] }>;

type Json = Record<string, unknown>;

/** What every node of one event's run shares: the operation's variables, who it is for, the errors so far. */
interface Run {
  variables: Record<string, unknown>;
  scope: string;
  errors: GraphQLError[];
}

/**
 * Runs the part of a subscription plan that comes after the primary fetch, for one event:
 * Sequence, Parallel, Flatten, Condition and entity Fetch nodes, merging what each fetch
 * returns into `data` in place. Anything else in a plan is refused with a clear error
 * rather than answered wrongly.
 */
export class PlanExecutor {
  constructor(
    private readonly supergraphSchema: GraphQLSchema,
    private readonly fetchEntities: EntityFetch,
  ) {}

  async run(node: PlanNode, data: Json, variables: Record<string, unknown>, scope: string): Promise<GraphQLError[]> {
    const errors: GraphQLError[] = [];
    await this.execute(node, [data], [], { variables, scope, errors });
    return errors;
  }

  private async execute(node: PlanNode, objects: unknown[], path: ResponsePath, run: Run): Promise<void> {
    switch (node.kind) {
      case 'Sequence':
        for (const child of node.nodes) await this.execute(child, objects, path, run);
        return;
      case 'Parallel':
        await Promise.all(node.nodes.map((child) => this.execute(child, objects, path, run)));
        return;
      case 'Flatten':
        await this.execute(node.node, flatten(objects, node.path), [...path, ...node.path], run);
        return;
      case 'Condition': {
        const branch = run.variables[node.condition] ? node.ifClause : node.elseClause;
        if (branch) await this.execute(branch, objects, path, run);
        return;
      }
      case 'Fetch':
        await this.fetch(node, objects, path, run);
        return;
      case 'Defer':
        throw unsupported('@defer in a subscription');
      default:
        throw unsupported(`plan node ${(node as { kind: string }).kind}`);
    }
  }

  private async fetch(
    node: FetchNode,
    objects: unknown[],
    path: ResponsePath,
    { variables, scope, errors }: Run,
  ): Promise<void> {
    if (!node.requires) throw unsupported(`a fetch from ${node.serviceName} that is not an entity fetch`);
    if (node.inputRewrites?.length || node.outputRewrites?.length || node.contextRewrites?.length) {
      throw unsupported(`data rewrites in a fetch from ${node.serviceName} (@interfaceObject or @fromContext)`);
    }
    const targets: Json[] = [];
    const representations: Json[] = [];
    for (const object of objects) {
      if (!isJsonObject(object)) continue;
      const representation = this.select(object, node.requires);
      if (representation) {
        targets.push(object);
        representations.push(representation);
      }
    }
    if (representations.length === 0) return;
    const own: Record<string, unknown> = {};
    for (const name of node.variableUsages ?? []) if (name in variables) own[name] = variables[name];
    const result = await this.fetchEntities({
      serviceName: node.serviceName,
      operation: node.operation,
      operationName: node.operationName,
      representations,
      variables: own,
      scope,
    });
    result.entities.forEach((entity, i) => {
      const target = targets[i];
      if (target && isJsonObject(entity)) deepMerge(target, entity);
    });
    for (const error of result.errors) {
      errors.push(
        new GraphQLError(error.message, {
          path: path.map(String),
          extensions: { ...error.extensions, serviceName: node.serviceName },
        }),
      );
    }
  }

  /** The representation of `object` under a `requires` selection, or null when it lacks a required field. */
  private select(object: Json, selections: readonly QueryPlanSelectionNode[]): Json | null {
    const result: Json = {};
    for (const selection of selections) {
      if (selection.kind === 'Field') {
        const name = selection.alias ?? selection.name;
        const value = object[name];
        if (value === undefined) return null;
        if (selection.selections && value !== null) {
          if (Array.isArray(value)) {
            const items = (value as unknown[]).map((item) =>
              isJsonObject(item) ? this.select(item, selection.selections ?? []) : item,
            );
            if (items.some((item) => item === null)) return null;
            result[name] = items;
          } else if (isJsonObject(value)) {
            const nested = this.select(value, selection.selections);
            if (nested === null) return null;
            result[name] = nested;
          } else {
            result[name] = value;
          }
        } else {
          result[name] = value;
        }
      } else if (!selection.typeCondition || this.isOfType(object, selection.typeCondition)) {
        const nested = this.select(object, selection.selections);
        if (nested === null) return null;
        Object.assign(result, nested);
      }
    }
    return result;
  }

  private isOfType(object: Json, typeCondition: string): boolean {
    const typename = object.__typename;
    if (typeof typename !== 'string') return false;
    if (typename === typeCondition) return true;
    const condition = this.supergraphSchema.getType(typeCondition);
    const actual = this.supergraphSchema.getType(typename);
    return (
      !!condition &&
      isAbstractType(condition) &&
      isObjectType(actual) &&
      this.supergraphSchema.isSubType(condition, actual)
    );
  }
}

function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The objects found at `path` (`@` walks into lists), nulls left out. */
function flatten(objects: unknown[], path: ResponsePath): unknown[] {
  let current = objects;
  for (const segment of path) {
    const next: unknown[] = [];
    for (const value of current) {
      if (value === null || value === undefined) continue;
      if (segment === '@') {
        if (Array.isArray(value)) next.push(...(value as unknown[]));
      } else if (isJsonObject(value)) {
        const child = value[String(segment)];
        if (child !== null && child !== undefined) next.push(child);
      }
    }
    current = next;
  }
  return current;
}

function deepMerge(target: Json, source: Json): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isJsonObject(existing) && isJsonObject(value)) deepMerge(existing, value);
    else if (Array.isArray(existing) && Array.isArray(value) && existing.length === value.length) {
      (value as unknown[]).forEach((item, i) => {
        if (isJsonObject(existing[i]) && isJsonObject(item)) deepMerge(existing[i], item);
        else existing[i] = item;
      });
    } else target[key] = value;
  }
}

function unsupported(what: string): GraphQLError {
  return new GraphQLError(`This gateway cannot run ${what} for subscriptions.`, {
    extensions: { code: 'SUBSCRIPTION_PLAN_UNSUPPORTED' },
  });
}
