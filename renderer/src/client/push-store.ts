/**
 * A bounded list of pushed items (log lines, plugin events) kept outside React, so it collects
 * from the moment the app is unsealed whether or not the page showing it is open.
 */
import { useSyncExternalStore } from 'react';

export interface PushStore<T> {
  append(item: T): void;
  /** Replaces the items with `change(items)`; listeners hear of it only if it returns a new array. */
  update(change: (items: T[]) => T[]): void;
  clear(): void;
  /** The current items, re-rendering on every change. */
  useItems(): T[];
}

export function createPushStore<T>(limit: number): PushStore<T> {
  let items: T[] = [];
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };
  return {
    append(item) {
      items = items.length >= limit ? [...items.slice(items.length - limit + 1), item] : [...items, item];
      notify();
    },
    update(change) {
      const next = change(items);
      if (next === items) return;
      items = next;
      notify();
    },
    clear() {
      items = [];
      notify();
    },
    useItems: () => useSyncExternalStore(subscribe, () => items),
  };
}
