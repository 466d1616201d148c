import { type GraphQLSchema, Kind } from 'graphql';

/** One `@liveFilter` of a subscription field: `argument` keeps the events whose `field` is one of its values. */
export interface LiveFilterSpec {
  argument: string;
  field: string;
  /** The most values the subgraph accepts (null: it says no bound). */
  max: number | null;
}

/**
 * The `@liveFilter` marks of every subscription field, read from the supergraph (where
 * `@composeDirective` keeps them; the API schema does not). A field without any has none:
 * its arguments all count as part of what a subscription selects.
 */
export function liveFilterSpecs(supergraphSchema: GraphQLSchema): ReadonlyMap<string, readonly LiveFilterSpec[]> {
  const specs = new Map<string, LiveFilterSpec[]>();
  for (const [name, field] of Object.entries(supergraphSchema.getSubscriptionType()?.getFields() ?? {})) {
    const marks = (field.astNode?.directives ?? []).filter((directive) => directive.name.value === 'liveFilter');
    const read = marks.flatMap((directive) => {
      const node = (argument: string) => directive.arguments?.find((arg) => arg.name.value === argument)?.value;
      const text = (argument: string) => {
        const value = node(argument);
        return value?.kind === Kind.STRING ? value.value : null;
      };
      const maxNode = node('max');
      const argument = text('argument');
      const eventField = text('field');
      // A mark naming an argument the field does not have would filter on nothing: ignore it.
      if (!argument || !eventField || !field.args.some((arg) => arg.name === argument)) return [];
      return [{ argument, field: eventField, max: maxNode?.kind === Kind.INT ? Number(maxNode.value) : null }];
    });
    if (read.length > 0) specs.set(name, read);
  }
  return specs;
}

/** A subscription field's `@liveSnapshot`: `argument` asks for the state `query` answers first; `version` orders it. */
export interface LiveSnapshotSpec {
  argument: string;
  query: string;
  version: string;
}

/**
 * The `@liveSnapshot` mark of every subscription field, read from the supergraph like
 * `@liveFilter`; kept only where the argument exists and `query` is a Query field.
 */
export function liveSnapshotSpecs(supergraphSchema: GraphQLSchema): ReadonlyMap<string, LiveSnapshotSpec> {
  const specs = new Map<string, LiveSnapshotSpec>();
  const queries = supergraphSchema.getQueryType()?.getFields() ?? {};
  for (const [name, field] of Object.entries(supergraphSchema.getSubscriptionType()?.getFields() ?? {})) {
    const mark = field.astNode?.directives?.find((directive) => directive.name.value === 'liveSnapshot');
    const text = (argument: string) => {
      const value = mark?.arguments?.find((arg) => arg.name.value === argument)?.value;
      return value?.kind === Kind.STRING ? value.value : null;
    };
    const [argument, query, version] = [text('argument'), text('query'), text('version')];
    if (!argument || !query || !version) continue;
    if (!field.args.some((arg) => arg.name === argument) || !(query in queries)) continue;
    specs.set(name, { argument, query, version });
  }
  return specs;
}
