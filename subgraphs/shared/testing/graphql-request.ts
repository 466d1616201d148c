/** A GraphQL response as tests read it. */
export interface GraphQLResult<Data = Record<string, unknown>> {
  data?: Data | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
}

/** POSTs an operation and returns the parsed response, whatever its status. */
export async function graphqlRequest<Data = Record<string, any>>( // any: tests read response shapes they chose themselves
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResult<Data>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResult<Data>;
}

/** Like graphqlRequest but fails the test on any GraphQL error and returns `data`. */
export async function graphqlData<Data = Record<string, any>>( // any: tests read response shapes they chose themselves
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
