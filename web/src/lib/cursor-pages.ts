import { useCallback, useState } from 'react';

const FIRST: (string | null)[] = [null];

/**
 * Keyset pages as the API gives them: forward by a page's endCursor, back by
 * the cursors already seen. A new `key` (the filters changed) starts again at
 * the first page, so no list has to remember to.
 */
export function useCursorPages(key: string) {
  const [state, setState] = useState({ key, cursors: FIRST });
  const cursors = state.key === key ? state.cursors : FIRST;
  const next = useCallback(
    (endCursor: string | null | undefined) => {
      if (endCursor) setState((s) => ({ key, cursors: [...(s.key === key ? s.cursors : FIRST), endCursor] }));
    },
    [key],
  );
  const previous = useCallback(() => setState((s) => (s.key === key && s.cursors.length > 1 ? { key, cursors: s.cursors.slice(0, -1) } : s)), [key]);
  return { after: cursors[cursors.length - 1], page: cursors.length, next, previous };
}
