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
