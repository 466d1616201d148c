import { createGraphiQLFetcher, type Fetcher, type FetcherReturnType } from '@graphiql/toolkit';
import { Kind, OperationTypeNode, parse } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import { webSocketUrl } from '../apollo/live-socket';

/** The `authorization` header value a request carries, whatever its case in the headers editor. */
function authorizationOf(headers: Record<string, unknown>): string | null {
  for (const [name, value] of Object.entries(headers))
    if (name.toLowerCase() === 'authorization' && typeof value === 'string') return value;
  return null;
}

/** The operation a request runs, read from its text; null when the text does not parse (the gateway then says why). */
interface ChosenOperation {
  /** The name to send: GraphiQL's, unless it names no operation of the text and the text has only one. */
  operationName: string | undefined;
  subscription: boolean;
}

/**
 * Reads the operation from the text being sent: GraphiQL's parsed document and the
 * operation name it derives from it can lag behind what was just typed, and a stale
 * name would be refused (OPERATION_NOT_FOUND) or send a subscription over HTTP.
 */
function chooseOperation(query: string, operationName: string | null | undefined): ChosenOperation | null {
  let definitions;
  try {
    definitions = parse(query).definitions;
  } catch {
    return null;
  }
  const operations = definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const named = operationName ? operations.find((operation) => operation.name?.value === operationName) : undefined;
  const chosen = named ?? (operations.length === 1 || !operationName ? operations[0] : undefined);
  return {
    operationName: chosen ? chosen.name?.value : (operationName ?? undefined),
    subscription: chosen?.operation === OperationTypeNode.SUBSCRIPTION,
  };
}

/**
 * GraphiQL's fetcher: queries and mutations over HTTP, subscriptions over graphql-ws on the
 * same origin. Both go as the console's signed-in user (whose token is renewed first when due,
 * for an account's session) unless the headers editor names an
 * `authorization` of its own; a socket is authorised when it opens, so another
 * authorization gets another socket.
 */
export function createConsoleFetcher(
  authorization: () => Promise<string | null>,
  location: Location = window.location,
): Fetcher {
  const http = createGraphiQLFetcher({ url: '/graphql' });
  let socket: { authorization: string | null; client: Client } | null = null;
  const socketFor = (wanted: string | null): Client => {
    if (socket?.authorization !== wanted) {
      void socket?.client.dispose();
      socket = {
        authorization: wanted,
        client: createClient({
          url: webSocketUrl(location),
          connectionParams: wanted ? { authorization: wanted } : {},
          lazy: true,
        }),
      };
    }
    return socket.client;
  };
  return async (params, options) => {
    const signedIn = await authorization();
    const headers: Record<string, unknown> = { ...(signedIn ? { authorization: signedIn } : {}), ...options?.headers };
    const chosen = chooseOperation(params.query, params.operationName);
    const request = { ...params, operationName: chosen ? chosen.operationName : params.operationName };
    if (chosen?.subscription) {
      const results = socketFor(authorizationOf(headers)).iterate({
        query: request.query,
        operationName: request.operationName ?? undefined,
        variables: request.variables as Record<string, unknown> | undefined,
      });
      // The toolkit types results as graphql-js ExecutionResults; the wire gives their JSON form, which is all GraphiQL renders.
      return results as unknown as Awaited<FetcherReturnType>;
    }
    return await http(request, { ...options, headers });
  };
}
