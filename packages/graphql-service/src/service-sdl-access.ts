import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { type DocumentNode, GraphQLError, Kind, type SelectionSetNode } from 'graphql';
import { type Caller, hasRole } from '@stockgraph/domain';

/**
 * `_service { sdl }` is federation's way for a gateway to learn a subgraph's schema, and
 * it prints everything, `@inaccessible` fields included. Only services and operations may
 * read it; anyone else with a token gets FORBIDDEN (the gateway here composes from the
 * committed supergraph and never asks).
 */
export function serviceSdlAccess<Context extends BaseContext>(): ApolloServerPlugin<Context> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ operation, document, contextValue }) {
          const asks = operation ? selectsRootField(operation.selectionSet, document, '_service', new Set()) : false;
          const caller = (contextValue as { caller?: Caller }).caller;
          if (!asks || (caller && hasRole(caller, 'service', 'ops'))) return Promise.resolve();
          return Promise.reject(
            new GraphQLError("_service is for services and operations: a subgraph's full schema is not public", {
              extensions: { code: 'FORBIDDEN', category: 'FORBIDDEN', http: { status: 403 } },
            }),
          );
        },
      });
    },
  };
}

/** Whether a root selection set selects `name`, directly or through fragments (each followed once). */
function selectsRootField(set: SelectionSetNode, document: DocumentNode, name: string, seen: Set<string>): boolean {
  return set.selections.some((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === name;
    if (selection.kind === Kind.INLINE_FRAGMENT) return selectsRootField(selection.selectionSet, document, name, seen);
    if (seen.has(selection.name.value)) return false;
    seen.add(selection.name.value);
    const fragment = document.definitions.find(
      (d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value,
    );
    return fragment?.kind === Kind.FRAGMENT_DEFINITION
      ? selectsRootField(fragment.selectionSet, document, name, seen)
      : false;
  });
}
