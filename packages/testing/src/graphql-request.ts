/** A GraphQL response as tests read it. */
export interface GraphQLResult<Data = Record<string, unknown>> {
  data?: Data | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
}

import { bearer } from './auth';
import { opsCaller } from './callers';

/**
 * POSTs an operation and returns the parsed response, whatever its status. Subgraphs
 * answer no tokenless request, so a test that says nothing speaks as operations; one
 * about who may call passes its own `authorization` (an empty one sends none).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response shapes they chose themselves
export async function graphqlRequest<Data = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResult<Data>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: withAuthorization({
      'content-type': 'application/json',
      ...('authorization' in headers ? {} : await bearer(opsCaller())),
      ...headers,
    }),
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResult<Data>;
}

/** Like graphqlRequest but fails the test on any GraphQL error and returns `data`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response shapes they chose themselves
export async function graphqlData<Data = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Data> {
  const result = await graphqlRequest<Data>(url, query, variables, headers);
  if (result.errors?.length || !result.data) {
    throw new Error(`GraphQL errors: ${JSON.stringify(result.errors ?? result)}`);
  }
  return result.data;
}

function withAuthorization(headers: Record<string, string>): Record<string, string> {
  if (headers.authorization !== '') return headers;
  const { authorization: _none, ...rest } = headers;
  return rest;
}
