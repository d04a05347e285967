/**
 * The one file that names the re-pin methods (`plugins.repinPreview`, `plugins.repin`,
 * `plugins.undoRepin`, issue 15.6). The UI (`RepinOffer.tsx`, `UndoRepinButton.tsx`) uses only
 * what is below, so a change in those methods' shapes is fixed here.
 */
import type { MethodResult } from '../../../../../electron/common/contract';
import type { PluginBinaryFacts, PluginEntryRef } from '../../../../../electron/common/contract/plugin-dev';
import { useContractMutation, useContractQuery } from '../../../client/use-contract';

/** One side of a re-pin: the binary the catalog pins, or the file now in its place. */
export type BinaryFacts = PluginBinaryFacts;

export interface RepinView {
  entry: PluginEntryRef;
  file: string;
  pinned: BinaryFacts;
  /** null when the file cannot be read (`problem` says why): nothing to re-pin to. */
  current: BinaryFacts | null;
  changed: boolean;
  problem: string | null;
}

const STALE_AFTER_REPIN = ['plugins.list', 'plugins.status', 'plugins.repinPreview'] as const;

/** Methods take '' or no version for the unversioned entry: send none, as the other plugins.* calls do. */
function refArgs(entry: PluginEntryRef) {
  return { type: entry.type, name: entry.name, ...(entry.version === '' ? {} : { version: entry.version }) };
}

export function toRepinView(entry: PluginEntryRef, result: MethodResult<'plugins.repinPreview'>): RepinView {
  return { entry, file: result.file, pinned: result.pinned, current: result.current, changed: result.changed, problem: result.problem };
}

/** What would change if the entry were re-pinned to the file now in its place (nothing is changed). */
export function useRepinPreview(entry: PluginEntryRef, enabled: boolean) {
  return useContractQuery('plugins.repinPreview', refArgs(entry), { enabled });
}

/** Re-pins to the sha256 the preview showed (so a file replaced again meanwhile is refused, not pinned). */
export function useRepin() {
  const repin = useContractMutation('plugins.repin', [...STALE_AFTER_REPIN]);
  return {
    repin: (entry: PluginEntryRef, sha256: string) => repin.mutate({ ...refArgs(entry), sha256 }),
    /** The pin that was replaced and the token that puts it back, once done. */
    result: repin.data,
    pending: repin.isPending,
    error: repin.error,
  };
}

/** Puts the pin before the re-pin back; the entry's processes restart on the previous bytes (kept by Strongroom). */
export function useUndoRepin() {
  const undo = useContractMutation('plugins.undoRepin', [...STALE_AFTER_REPIN]);
  return {
    undo: (entry: PluginEntryRef, undoToken: string) => undo.mutate({ ...refArgs(entry), undoToken }),
    result: undo.data,
    pending: undo.isPending,
    error: undo.error,
  };
}
