/** A GraphQL response as tests read it. */
export interface GraphQLResult<Data = Record<string, unknown>> {
  data?: Data | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
}

/** POSTs an operation and returns the parsed response, whatever its status. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response shapes they chose themselves
export async function graphqlRequest<Data = Record<string, any>>(
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
