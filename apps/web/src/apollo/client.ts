import { ApolloClient, HttpLink, InMemoryCache, from } from '@apollo/client';
import { setContext } from '@apollo/client/link/context';
import { onError } from '@apollo/client/link/error';
import type { UserManager } from 'oidc-client-ts';
import { persistedDocumentsLink } from './persisted';

/**
 * Apollo Client towards the gateway on this origin: the access token as Bearer, persisted documents only,
 * and an expired or refused token sends the user to sign in again (back to the same page afterwards).
 */
export function createApolloClient(manager: UserManager | null, onUnauthenticated: () => void): ApolloClient<unknown> {
  const auth = setContext(async (_, { headers }) => {
    const user = await manager?.getUser();
    return { headers: { ...headers, ...(user?.access_token ? { authorization: `Bearer ${user.access_token}` } : {}) } };
  });
  const unauthenticated = onError(({ graphQLErrors, networkError }) => {
    const status = (networkError as { statusCode?: number } | undefined)?.statusCode;
    if (status === 401 || graphQLErrors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) onUnauthenticated();
  });
  return new ApolloClient({
    link: from([unauthenticated, auth, persistedDocumentsLink(), new HttpLink({ uri: '/graphql' })]),
    cache: new InMemoryCache({
      typePolicies: {
        // Labels and the directory are keyed by their natural ids.
        EnumLabel: { keyFields: ['enum', 'value', 'label'] },
        Industry: { keyFields: ['code', 'name'] },
      },
    }),
    defaultOptions: {
      // A hidden field is null with a FORBIDDEN error beside it: keep the data and show "restricted".
      watchQuery: { errorPolicy: 'all', fetchPolicy: 'cache-and-network' },
      query: { errorPolicy: 'all' },
      mutate: { errorPolicy: 'none' },
    },
  });
}
