/**
 * The reply: its status when not 200, warnings (every kind of reply), then data as a JSON tree
 * (masked until shown) or the plugin's raw body (text or a download), lease, the storage trace and
 * the storage diff (`StorageDiff.tsx`, when the mount's capture is on).
 * A read with data can be shared once (`ShareOnce.tsx`: a single-use wrapping token).
 */
import { useState } from 'react';
import type { RequestResult } from '../../../../electron/common/contract/requests';
import { CopyButton } from '../../components/CopyButton';
import { JsonTree } from './JsonTree';
import { RawBodyView } from './RawBodyView';
import { ShareOnce } from './ShareOnce';
import { StorageDiff } from './StorageDiff';
import { StorageTrace } from './StorageTrace';

/** Built-in backends keep Strongroom's own records, not a mount's storage: no storage diff there. */
const BUILT_IN = new Set(['sys/', 'auth/token/']);

export function ResponseViewer({ result }: { result: RequestResult }) {
  const [masked, setMasked] = useState(true);
  return (
    <section className="card response" aria-label="Response" data-testid="response">
      <header className="response-header">
        <h2>Response</h2>
        <span className="badge badge-ok">{result.operation}</span>
        {result.status !== 200 && (
          <span className={`badge ${result.status >= 400 ? 'badge-danger' : 'badge-muted'}`} data-testid="response-status">
            HTTP {result.status}
          </span>
        )}
        <span className="muted">
          {result.durationMs.toFixed(1)} ms · request <code>{result.requestId}</code>
        </span>
        <span className="spacer" />
        {result.raw === null && (
          <>
            <button type="button" className="button-small" aria-pressed={!masked} onClick={() => setMasked(!masked)}>
              {masked ? 'Show values' : 'Mask values'}
            </button>
            <CopyButton label="Copy JSON" text={JSON.stringify(result.data, null, 2)} />
          </>
        )}
      </header>
      {result.operation === 'read' && result.raw === null && result.data !== null && result.wrapInfo === null && <ShareOnce path={result.mount.path + result.path} />}
      {result.warnings.map((w) => (
        <p key={w} className="notice notice-warn" data-testid="response-warning">
          {w}
        </p>
      ))}
      {result.secret !== null && (
        <p className="muted" data-testid="response-lease">
          Lease {result.secret.leaseId ?? '(not registered)'} · TTL {result.secret.ttlSeconds}s · {result.secret.renewable ? 'renewable' : 'not renewable'}
          {result.secret.leaseId !== null && (
            <>
              {' · '}
              <a href="#/leases">renew or revoke it on the Leases page</a>
            </>
          )}
        </p>
      )}
      {result.raw !== null ? (
        <RawBodyView raw={result.raw} path={result.path} />
      ) : (
        <div className="json" data-testid="response-json">
          {result.data === null ? <p className="muted">No data (the operation succeeded).</p> : <JsonTree value={result.data} masked={masked} />}
        </div>
      )}
      <details className="inspector" open>
        <summary>
          Storage trace <span className="muted">({result.trace.length} {result.trace.length === 1 ? 'call' : 'calls'})</span>
        </summary>
        <StorageTrace trace={result.trace} />
      </details>
      {!BUILT_IN.has(result.mount.path) && (
        <details className="inspector" open>
          <summary>Storage diff</summary>
          <StorageDiff requestId={result.requestId} mountPath={result.mount.path} />
        </details>
      )}
    </section>
  );
}
