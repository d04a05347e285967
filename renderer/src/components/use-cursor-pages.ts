import { useState } from 'react';

/** A stack of cursors for previous/next paging over a cursor API (the first page has none). */
export function useCursorPages<C>() {
  const [stack, setStack] = useState<(C | undefined)[]>([undefined]);
  return {
    page: stack.length - 1,
    cursor: stack[stack.length - 1],
    next: (cursor: C) => setStack((s) => [...s, cursor]),
    previous: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    reset: () => setStack([undefined]),
  };
}
