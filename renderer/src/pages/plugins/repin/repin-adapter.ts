/**
 * The one file that names the re-pin methods (`plugins.repinPreview`, `plugins.repin`,
 * `plugins.undoRepin`, issue 15.6), which development mode's core declares in the contract. The UI
 * (`RepinOffer.tsx`) uses only what is below, so a change in those methods' shapes is fixed here.
 *
 * NOT IN THE BUILD YET: this folder is excluded in tsconfig.json and nothing imports it, because
 * those methods are not in this branch's contract. The merge with development mode adds them,
 * drops the exclusion, adjusts `toRepinView` to the real result and wires `RepinOffer` in (see
 * README.md here).
 */
import type { MethodResult } from '../../../../../electron/common/contract';
import type { PluginEntryRef } from '../../../../../electron/common/contract/plugin-dev';
import { useContractMutation, useContractQuery } from '../../../client/use-contract';

/** One side of a re-pin: the binary the catalog pins, or the file now in its place. */
export interface BinaryFacts {
  sha256: string;
  /** null when the catalog did not record it. */
  bytes: number | null;
  /** ISO time of the file's last change; null when not recorded. */
  modifiedAt: string | null;
}

export interface RepinView {
  entry: PluginEntryRef;
  pinned: BinaryFacts;
  current: BinaryFacts;
}

/**
 * From `plugins.repinPreview`'s result. Assumed: `{ pinned: BinaryFacts, current: BinaryFacts }`
 * beside the entry's type, name and version; adjust to the declared result at the merge.
 */
export function toRepinView(entry: PluginEntryRef, result: MethodResult<'plugins.repinPreview'>): RepinView {
  const r = result as unknown as { pinned: BinaryFacts; current: BinaryFacts };
  return { entry, pinned: r.pinned, current: r.current };
}

/** What would change if the entry were re-pinned to the file now in its place (nothing is changed). */
export function useRepinPreview(entry: PluginEntryRef, enabled: boolean) {
  return useContractQuery('plugins.repinPreview', { type: entry.type, name: entry.name, version: entry.version }, { enabled });
}

/** Re-pins to the sha256 the preview showed (so a file replaced again meanwhile is refused, not pinned). */
export function useRepin() {
  const repin = useContractMutation('plugins.repin', ['plugins.list', 'plugins.status', 'plugins.repinPreview']);
  return {
    repin: (view: RepinView) => repin.mutate({ type: view.entry.type, name: view.entry.name, version: view.entry.version, sha256: view.current.sha256 }),
    done: repin.isSuccess,
    pending: repin.isPending,
    error: repin.error,
    reset: repin.reset,
  };
}

/** Puts the previous pin back (the previous binary must be in place again to start). */
export function useUndoRepin() {
  const undo = useContractMutation('plugins.undoRepin', ['plugins.list', 'plugins.status', 'plugins.repinPreview']);
  return {
    undo: (view: RepinView) => undo.mutate({ type: view.entry.type, name: view.entry.name, version: view.entry.version, sha256: view.pinned.sha256 }),
    done: undo.isSuccess,
    pending: undo.isPending,
    error: undo.error,
  };
}
