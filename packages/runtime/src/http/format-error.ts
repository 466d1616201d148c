import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError } from '@stockgraph/domain';
import type { Logger } from '../log/create-logger';

/**
 * Apollo `formatError`: a DomainError keeps its code (`extensions.code`) and category;
 * errors GraphQL itself raised (parse, validation) pass through; anything else is a bug,
 * logged with its stack and answered with a masked message so internals never leak.
 */
export function formatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return {
        ...formatted,
        message: original.message,
        extensions: {
          code: original.code,
          category: original.category,
          ...(original.field ? { field: original.field } : {}),
        },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return formatted;
    log.error({ err: original, path: formatted.path }, 'unexpected error while resolving');
    return {
      message: 'Internal error; it has been logged. Retry later or contact operations.',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR', category: 'INTERNAL' },
    };
  };
}
