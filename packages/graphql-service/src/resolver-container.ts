/**
 * A type-graphql container from ready-made resolver instances: each service's
 * composition root builds its resolvers with their dependencies, no DI framework.
 */
export function resolverContainer(instances: readonly object[]): { get(someClass: unknown): unknown } {
  const byClass = new Map<unknown, object>(instances.map((instance) => [instance.constructor, instance]));
  return {
    get(someClass: unknown) {
      const instance = byClass.get(someClass);
      if (!instance)
        throw new Error(`no resolver instance registered for ${String((someClass as { name?: string }).name)}`);
      return instance;
    },
  };
}
