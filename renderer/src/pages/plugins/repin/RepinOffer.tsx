/**
 * Outside development mode a changed binary is refused (`sha256_mismatch`, naming both hashes);
 * this is the one-click way out (issue 15.6): what changed (size, time, both sha256), "Re-pin to
 * this binary", and, once done, "Undo". Shown where the refusal is seen: the request panel's error
 * and the plugins page's process row.
 */
import { useState } from 'react';
import type { ContractErrorShape } from '../../../../../electron/common/errors';
import type { PluginEntryRef } from '../../../../../electron/common/contract/plugin-dev';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { formatBytes, formatTime, shortHash } from '../../../components/format';
import { toRepinView, useRepin, useRepinPreview, useUndoRepin, type BinaryFacts, type RepinView } from './repin-adapter';

function Facts({ title, facts }: { title: string; facts: BinaryFacts }) {
  return (
    <tr>
      <th scope="row">{title}</th>
      <td className="mono">{facts.sha256}</td>
      <td className="nowrap">{facts.bytes === null ? '—' : formatBytes(facts.bytes)}</td>
      <td className="nowrap">{facts.modifiedAt === null ? '—' : formatTime(facts.modifiedAt)}</td>
    </tr>
  );
}

function sizeChange(view: RepinView): string | null {
  if (view.pinned.bytes === null || view.current?.bytes == null) return null;
  const delta = view.current.bytes - view.pinned.bytes;
  return delta === 0 ? 'Same size.' : `${delta > 0 ? '+' : '−'}${formatBytes(Math.abs(delta))}.`;
}

/** `view` is the preview as first shown: re-pinning refreshes the preview, but what changed stays on screen. */
function Preview({ view }: { view: RepinView }) {
  const repin = useRepin();
  const undo = useUndoRepin();
  const current = view.current;
  return (
    <div data-testid="repin-preview">
      <table className="table table-compact" aria-label="What changed">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">sha256</th>
            <th scope="col">Size</th>
            <th scope="col">Modified</th>
          </tr>
        </thead>
        <tbody>
          <Facts title={repin.result !== undefined && undo.result === undefined ? 'Was pinned' : 'Pinned'} facts={view.pinned} />
          {current !== null && <Facts title="File now" facts={current} />}
        </tbody>
      </table>
      <p className="muted">
        <code>{view.file}</code> {sizeChange(view)}
      </p>
      {current === null && <p className="field-error">The file cannot be read, so there is nothing to re-pin to: {view.problem}</p>}
      {current !== null && !view.changed && repin.result === undefined && <p className="muted">The file matches its pin again: nothing to re-pin.</p>}
      {current !== null && view.changed && repin.result === undefined && (
        <button type="button" className="button-primary" disabled={repin.pending} onClick={() => repin.repin(view.entry, current.sha256)}>
          Re-pin {view.entry.name} to this binary
        </button>
      )}
      {repin.result !== undefined && undo.result === undefined && (
        <p role="status" data-testid="repin-done">
          Re-pinned to <code title={repin.result.entry.sha256}>{shortHash(repin.result.entry.sha256)}</code>; its processes restarted on the new binary.{' '}
          <button type="button" className="button-small" disabled={undo.pending} onClick={() => undo.undo(view.entry, repin.result!.undoToken)}>
            Undo
          </button>
        </p>
      )}
      {undo.result !== undefined && (
        <p role="status" data-testid="repin-undone">
          The previous pin is back (<code title={undo.result.restoredSha256}>{shortHash(undo.result.restoredSha256)}</code>): Strongroom runs the previous bytes from its kept copy.
        </p>
      )}
      <ErrorNotice error={repin.error ?? undo.error} title={undo.error !== null ? 'Undo failed' : 'Re-pin failed'} />
    </div>
  );
}

export function RepinOffer({ error, entry }: { error: ContractErrorShape; entry: PluginEntryRef }) {
  const [open, setOpen] = useState(false);
  const [shown, setShown] = useState<RepinView | null>(null);
  const preview = useRepinPreview(entry, open && error.code === 'sha256_mismatch');
  if (error.code !== 'sha256_mismatch') return null;
  if (open && shown === null && preview.data !== undefined) setShown(toRepinView(entry, preview.data));
  return (
    <section className="card" aria-label="Re-pin the changed binary" data-testid="repin-offer">
      <p>
        The binary of {entry.name}
        {entry.version === '' ? '' : `@${entry.version}`} changed since it was pinned, so it was refused. If you replaced it on purpose, re-pin it.
      </p>
      {!open && (
        <button type="button" onClick={() => setOpen(true)}>
          Show what changed
        </button>
      )}
      {open && shown === null && preview.isPending && <p className="muted">Hashing the file…</p>}
      <ErrorNotice error={preview.error} title="Could not read the new binary" />
      {shown !== null && <Preview view={shown} />}
    </section>
  );
}
