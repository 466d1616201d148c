/**
 * A class as TypeORM and type-graphql take it in their entity, migration and resolver
 * lists: they type those as `Function`, so ours match them here, once.
 */
export type FrameworkClass = Function; // eslint-disable-line @typescript-eslint/no-unsafe-function-type -- the frameworks' own list type
