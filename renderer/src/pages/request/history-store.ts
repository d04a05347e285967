/**
 * Requests sent from the request panel, newest first, kept in memory only (they may hold secret
 * values, so they never reach localStorage and vanish when the window closes or the app seals).
 */
import { useSyncExternalStore } from 'react';
import type { RequestOperation } from '../../../../electron/common/contract/requests';

export interface HistoryEntry {
  id: number;
  time: string;
  path: string;
  operation: RequestOperation;
  data: Record<string, unknown> | undefined;
  outcome: { ok: true; requestId: string; durationMs: number } | { ok: false; code: string; message: string };
}

const LIMIT = 200;
let entries: HistoryEntry[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

export function recordRequest(entry: Omit<HistoryEntry, 'id' | 'time'>): void {
  entries = [{ ...entry, id: nextId++, time: new Date().toISOString() }, ...entries].slice(0, LIMIT);
  emit();
}

export function clearHistory(): void {
  entries = [];
  emit();
}

export function useRequestHistory(): HistoryEntry[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => entries,
  );
}
