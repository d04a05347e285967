/**
 * "Undo re-pin" on a catalog row, from `CatalogEntryView.undo`: the way back after the page was
 * reloaded (or the re-pin was made elsewhere, over the API). Only the entry's last re-pin can be
 * undone, with the token it returned.
 */
import type { CatalogEntryView } from '../../../../../electron/common/contract/plugins';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { shortHash } from '../../../components/format';
import { useUndoRepin } from './repin-adapter';

export function UndoRepinButton({ entry }: { entry: CatalogEntryView }) {
  const undo = useUndoRepin();
  if (entry.undo === null) return null;
  const { previousSha256, undoToken } = entry.undo;
  return (
    <>
      <button
        type="button"
        className="button-small"
        disabled={undo.pending}
        title={`Pin ${previousSha256} again (the bytes before the last re-pin are kept)`}
        onClick={() => undo.undo(entry, undoToken)}
      >
        Undo re-pin to {shortHash(previousSha256)}
      </button>
      <ErrorNotice error={undo.error} title="Undo failed" />
    </>
  );
}
