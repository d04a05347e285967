/**
 * Outside development mode a changed binary is refused (`sha256_mismatch`, naming both hashes);
 * this is the one-click way out (issue 15.6): what changed (size, time, both sha256), "Re-pin to
 * this binary", and, once done, "Undo". Shown where the refusal is seen: the request panel's error
 * and the catalog row. Not in the build yet (see `repin-adapter.ts`).
 */
import { useState } from 'react';
import type { ContractErrorShape } from '../../../../../electron/common/errors';
import type { PluginEntryRef } from '../../../../../electron/common/contract/plugin-dev';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { formatBytes, formatTime } from '../../../components/format';
import { toRepinView, useRepin, useRepinPreview, useUndoRepin, type BinaryFacts, type RepinView } from './repin-adapter';

function Facts({ title, facts }: { title: string; facts: BinaryFacts }) {
  return (
    <tr>
      <th scope="row">{title}</th>
      <td className="mono" title={facts.sha256}>
        {facts.sha256}
      </td>
      <td className="nowrap">{facts.bytes === null ? '—' : formatBytes(facts.bytes)}</td>
      <td className="nowrap">{facts.modifiedAt === null ? '—' : formatTime(facts.modifiedAt)}</td>
    </tr>
  );
}

function Preview({ view }: { view: RepinView }) {
  const repin = useRepin();
  const undo = useUndoRepin();
  const sizeChange = view.pinned.bytes === null ? null : view.current.bytes === null ? null : view.current.bytes - view.pinned.bytes;
  return (
    <div data-testid="repin-preview">
      <table className="table table-compact" aria-label="What changed">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">sha256</th>
            <th scope="col">Size</th>
            <th scope="col">Changed</th>
          </tr>
        </thead>
        <tbody>
          <Facts title={repin.done && !undo.done ? 'Was pinned' : 'Pinned'} facts={view.pinned} />
          <Facts title="File now" facts={view.current} />
        </tbody>
      </table>
      {sizeChange !== null && <p className="muted">{sizeChange === 0 ? 'Same size.' : `${sizeChange > 0 ? '+' : '−'}${formatBytes(Math.abs(sizeChange))}.`}</p>}
      {!repin.done && (
        <button type="button" disabled={repin.pending} onClick={() => repin.repin(view)}>
          Re-pin {view.entry.name} to this binary
        </button>
      )}
      {repin.done && !undo.done && (
        <p role="status">
          Re-pinned to <code>{view.current.sha256.slice(0, 12)}…</code>; the next request starts the new binary.{' '}
          <button type="button" className="button-small" disabled={undo.pending} onClick={() => undo.undo(view)}>
            Undo
          </button>
        </p>
      )}
      {undo.done && <p role="status">The previous pin is back: put the previous binary in place again for the plugin to start.</p>}
      <ErrorNotice error={repin.error ?? undo.error} title="Re-pin failed" />
    </div>
  );
}

export function RepinOffer({ error, entry }: { error: ContractErrorShape; entry: PluginEntryRef }) {
  const [open, setOpen] = useState(false);
  const preview = useRepinPreview(entry, open);
  if (error.code !== 'sha256_mismatch') return null;
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
      {open && preview.isPending && <p className="muted">Hashing the file…</p>}
      <ErrorNotice error={preview.error} title="Could not read the new binary" />
      {open && preview.data !== undefined && <Preview view={toRepinView(entry, preview.data)} />}
    </section>
  );
}
