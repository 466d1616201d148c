import { type GraphQLSchema, Kind } from 'graphql';

/** One `@liveFilter` of a subscription field: `argument` keeps the events whose `field` is one of its values. */
export interface LiveFilterSpec {
  argument: string;
  field: string;
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
      const value = (argument: string) => {
        const node = directive.arguments?.find((arg) => arg.name.value === argument)?.value;
        return node?.kind === Kind.STRING ? node.value : null;
      };
      const argument = value('argument');
      const eventField = value('field');
      // A mark naming an argument the field does not have would filter on nothing: ignore it.
      return argument && eventField && field.args.some((arg) => arg.name === argument) ? [{ argument, field: eventField }] : [];
    });
    if (read.length > 0) specs.set(name, read);
  }
  return specs;
}
