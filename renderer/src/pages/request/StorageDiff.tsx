/**
 * What the request changed in its mount's storage (`storage.diff`): each key put or deleted with
 * its size before and after; the values, decrypted, only when asked for (`storage.diffValue`,
 * audited), side by side with a JSON diff when both are JSON. Needs the mount's capture on
 * ("Capture storage diffs" in the request panel) before the request is sent.
 */
import { useState } from 'react';
import type { StorageChangeView } from '../../../../electron/common/contract/storage-inspector';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes } from '../../components/format';
import { useContractMutation, useContractQuery } from '../../client/use-contract';
import { ValueText } from '../storage/StoredValue';
import { JsonDiffView } from './JsonDiffView';
import { parseJsonText } from './json-diff';

function size(bytes: number | null): string {
  return bytes === null ? '—' : formatBytes(bytes);
}

function what(change: StorageChangeView): string {
  if (change.op === 'delete') return change.beforeBytes === null ? 'deleted (did not exist)' : 'deleted';
  return change.beforeBytes === null ? 'created' : 'changed';
}

function ChangeValues({ requestId, change }: { requestId: string; change: StorageChangeView }) {
  const values = useContractMutation('storage.diffValue', [], { secret: true });
  const [open, setOpen] = useState(false);
  if (!open || values.data === undefined) {
    return (
      <>
        <button
          type="button"
          className="button-small"
          aria-label={`Show the values of ${change.key}`}
          disabled={values.isPending}
          onClick={() => {
            setOpen(true);
            values.mutate({ requestId, key: change.key });
          }}
        >
          Show values
        </button>
        <ErrorNotice error={values.error} title="Could not read the values" />
      </>
    );
  }
  const { before, after } = values.data;
  const parsed = (side: typeof before) => (side !== null && 'text' in side ? parseJsonText(side.text) : undefined);
  const [beforeJson, afterJson] = [parsed(before), parsed(after)];
  return (
    <div className="diff-values" data-testid="diff-values">
      <button type="button" className="button-small" aria-label={`Hide the values of ${change.key}`} onClick={() => (setOpen(false), values.reset())}>
        Hide values
      </button>
      <div className="compare">
        <section className="compare-side" aria-label={`${change.key} before`}>
          <h4>Before</h4>
          {before === null ? <p className="muted">Did not exist.</p> : <ValueText value={before} label={`${change.key} before`} />}
        </section>
        <section className="compare-side" aria-label={`${change.key} after`}>
          <h4>After</h4>
          {after === null ? <p className="muted">Deleted.</p> : <ValueText value={after} label={`${change.key} after`} />}
        </section>
      </div>
      {beforeJson !== undefined && afterJson !== undefined && <JsonDiffView before={beforeJson} after={afterJson} masked={false} label={`Changes in ${change.key}`} />}
    </div>
  );
}

export function StorageDiff({ requestId, mountPath }: { requestId: string; mountPath: string }) {
  const capture = useContractQuery('storage.captureState', { mount: mountPath });
  const diff = useContractQuery('storage.diff', { requestId }, { enabled: capture.data?.enabled === true });
  if (capture.data?.enabled !== true && diff.data === undefined) {
    return <p className="muted">Turn on “Capture storage diffs” above, then send the request again, to see what it changed.</p>;
  }
  if (diff.error !== null) return <ErrorNotice error={diff.error} title="Could not load the storage diff" />;
  if (diff.data === undefined) return <p className="muted">Loading…</p>;
  if (!diff.data.captured) return <p className="muted">This request was sent while capture was off (or is older than the last 32 captured): send it again.</p>;
  if (diff.data.changes.length === 0) return <p className="muted" data-testid="storage-diff-empty">The request changed nothing in storage.</p>;
  return (
    <table className="table table-compact" aria-label="Storage changes" data-testid="storage-diff">
      <thead>
        <tr>
          <th scope="col">Key (in the mount)</th>
          <th scope="col">Change</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
          <th scope="col">Values</th>
        </tr>
      </thead>
      <tbody>
        {diff.data.changes.map((change) => (
          <tr key={change.key} data-key={change.key}>
            <th scope="row" className="mono trace-key">
              {change.key}
              {change.concurrent === true && <span className="muted" title="Other requests were in flight on this mount; the change may be one of theirs"> concurrent</span>}
            </th>
            <td className={`diff-${change.op === 'delete' ? 'removed' : change.beforeBytes === null ? 'added' : 'changed'}`}>{what(change)}</td>
            <td className="nowrap">{size(change.beforeBytes)}</td>
            <td className="nowrap">{size(change.afterBytes)}</td>
            <td>
              <ChangeValues requestId={diff.data.requestId} change={change} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
