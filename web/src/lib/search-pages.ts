import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type UIEvent, useEffect, useState } from 'react';
import type { AnyVariables } from 'urql';
import { type MoreConnection, useMorePages } from './more-pages';

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

/**
 * A connection searched as the user types (a picker): the typed text is sent once typing pauses, its
 * first page replaces the rows, and scrolling the list to its end appends the next page.
 */
export function useSearchPages<Data, Variables extends AnyVariables & { search?: string | null; after?: string | null }, Row>(
  query: TypedDocumentNode<Data, Variables>,
  variables: Omit<Variables, 'search' | 'after'>,
  connection: (data: Data) => MoreConnection<Row>,
) {
  const [text, setText] = useState('');
  const search = useDebounced(text.trim(), DEBOUNCE_MS);
  const pages = useMorePages(query, { ...variables, search: search || undefined } as Omit<Variables, 'after'>, connection);
  // Nothing is offered while typed text waits for its answer, so Enter cannot pick a row of the text before.
  const typing = text.trim() !== search;
  // A list scrolled to (near) its end asks for the next page.
  const onPopupScroll = (event: UIEvent<HTMLDivElement>) => {
    const list = event.currentTarget;
    if (list.scrollTop + list.clientHeight >= list.scrollHeight - 32) pages.more();
  };
  return { rows: typing ? [] : pages.rows, fetching: typing || pages.fetching, error: typing ? undefined : pages.error, search, setText, onPopupScroll };
}
