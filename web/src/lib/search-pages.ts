import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type UIEvent, useCallback, useEffect, useRef, useState } from 'react';
import { type AnyVariables, type CombinedError, useClient } from 'urql';

/** What a search needs of a connection: its rows and where the next page starts. */
export interface SearchConnection<Row> {
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  edges: { node: Row }[];
}

// Long enough that typing a code sends one query rather than one a key, short enough not to be felt.
const DEBOUNCE_MS = 250;

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

interface Found<Row> {
  key: string;
  rows: Row[];
  endCursor?: string | null;
  hasNext: boolean;
  fetching: boolean;
  error?: CombinedError;
}

/**
 * A connection searched as the user types: the typed text is sent once typing pauses, its first page
 * replaces the rows and scrolling its list to the end appends the next one. An answer to text since changed is dropped, so a
 * slow first query cannot overwrite a later one.
 */
export function useSearchPages<Data, Variables extends AnyVariables & { search?: string | null; after?: string | null }, Row>(
  query: TypedDocumentNode<Data, Variables>,
  variables: Omit<Variables, 'search' | 'after'>,
  connection: (data: Data) => SearchConnection<Row>,
) {
  const client = useClient();
  const [text, setText] = useState('');
  const search = useDebounced(text.trim(), DEBOUNCE_MS);
  const key = JSON.stringify([variables, search]);
  const current = useRef(key);
  current.current = key;
  const [found, setFound] = useState<Found<Row>>({ key: '', rows: [], hasNext: false, fetching: false });

  const load = useCallback(
    async (after: string | null) => {
      setFound((f) => ({ ...(f.key === key ? f : { rows: [], hasNext: false }), key, fetching: true }));
      const result = await client.query(query, { ...variables, search: search || undefined, after } as Variables).toPromise();
      if (current.current !== key) return;
      const page = result.data && connection(result.data);
      setFound((f) => ({
        key,
        rows: [...(after && f.key === key ? f.rows : []), ...(page?.edges.map((e) => e.node) ?? [])],
        endCursor: page?.pageInfo.endCursor,
        hasNext: !!page?.pageInfo.hasNextPage,
        fetching: false,
        error: result.error,
      }));
    },
    // `key` stands for the variables and the search text, which are new objects on every render.
    [client, query, key],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  // Nothing is offered while typed text waits for its answer, so Enter cannot pick a row of the text before.
  const settled = found.key === key && text.trim() === search;
  const more = () => {
    if (settled && found.hasNext && !found.fetching) void load(found.endCursor ?? null);
  };
  // A list scrolled to (near) its end asks for the next page.
  const onPopupScroll = (event: UIEvent<HTMLDivElement>) => {
    const list = event.currentTarget;
    if (list.scrollTop + list.clientHeight >= list.scrollHeight - 32) more();
  };
  return { rows: settled ? found.rows : [], fetching: !settled || found.fetching, error: settled ? found.error : undefined, search, setText, onPopupScroll };
}
