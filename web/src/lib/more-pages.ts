import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { type AnyVariables, type CombinedError, useClient } from 'urql';

/** What "load more" needs of a connection: its rows and where the next page starts. */
export interface MoreConnection<Row> {
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  edges: { node: Row }[];
}

interface Loaded<Row> {
  key: string;
  rows: Row[];
  endCursor?: string | null;
  hasNext: boolean;
  fetching: boolean;
  error?: CombinedError;
}

const loadedOf = <Row,>(key: string, page?: MoreConnection<Row>): Loaded<Row> => ({
  key,
  rows: page?.edges.map((e) => e.node) ?? [],
  endCursor: page?.pageInfo.endCursor,
  hasNext: !!page?.pageInfo.hasNextPage,
  fetching: !page,
});

/**
 * A connection read a page at a time, each `more()` appending the next page to the rows (a timeline, a
 * picker's list). The first page is fetched, unless its parent's query brought it (`first`); new
 * variables start again, and an answer to variables since changed is dropped.
 */
export function useMorePages<Data, Variables extends AnyVariables & { after?: string | null }, Row>(
  query: TypedDocumentNode<Data, Variables>,
  variables: Omit<Variables, 'after'>,
  connection: (data: Data) => MoreConnection<Row>,
  first?: MoreConnection<Row>,
) {
  const client = useClient();
  const key = JSON.stringify(variables);
  const current = useRef(key);
  current.current = key;
  const [loaded, setLoaded] = useState<Loaded<Row>>(() => loadedOf(first ? key : '', first));

  const load = useCallback(
    async (after: string | null) => {
      setLoaded((l) => ({ ...(l.key === key ? l : loadedOf<Row>(key)), fetching: true }));
      const result = await client.query(query, { ...variables, after } as Variables).toPromise();
      if (current.current !== key) return;
      const page = result.data && connection(result.data);
      setLoaded((l) => {
        const next = { ...loadedOf(key, page), fetching: false, error: result.error };
        return after && l.key === key ? { ...next, rows: [...l.rows, ...next.rows] } : next;
      });
    },
    // `key` stands for the variables, a new object on every render.
    [client, query, key],
  );

  useEffect(() => {
    if (loaded.key !== key) void load(null);
  }, [load, key, loaded.key]);

  const settled = loaded.key === key;
  return {
    rows: settled ? loaded.rows : [],
    fetching: !settled || loaded.fetching,
    error: settled ? loaded.error : undefined,
    hasNext: settled && loaded.hasNext,
    more: () => {
      if (settled && loaded.hasNext && !loaded.fetching) void load(loaded.endCursor ?? null);
    },
  };
}
