/**
 * "Re-send on reload": the answer from before the plugin was reloaded beside the one the new code
 * gave to the same request, and the diff between them. Values are masked until shown, as in the
 * response.
 */
import { useState } from 'react';
import type { RequestResult } from '../../../../electron/common/contract/requests';
import { JsonDiffView } from './JsonDiffView';
import { JsonTree } from './JsonTree';

/** One side: a result, or the error the request failed with. */
export type Outcome = { ok: true; result: RequestResult } | { ok: false; code: string; message: string };

function body(outcome: Outcome): unknown {
  if (!outcome.ok) return { error: { code: outcome.code, message: outcome.message } };
  return outcome.result.raw === null ? outcome.result.data : { raw: outcome.result.raw };
}

function Side({ title, outcome, masked }: { title: string; outcome: Outcome; masked: boolean }) {
  return (
    <section className="compare-side" aria-label={title}>
      <h3>{title}</h3>
      {outcome.ok ? (
        <p className="muted">
          HTTP {outcome.result.status} · request <code>{outcome.result.requestId}</code>
        </p>
      ) : (
        <p className="error-text">
          {outcome.code}: {outcome.message}
        </p>
      )}
      <div className="json">
        <JsonTree value={body(outcome)} masked={masked} />
      </div>
    </section>
  );
}

export function ReloadComparison({ previous, current }: { previous: Outcome; current: Outcome }) {
  const [masked, setMasked] = useState(true);
  return (
    <section className="card" aria-label="Before and after the reload" data-testid="reload-comparison">
      <header className="response-header">
        <h2>Before and after the reload</h2>
        <span className="spacer" />
        <button type="button" className="button-small" aria-pressed={!masked} onClick={() => setMasked(!masked)}>
          {masked ? 'Show values' : 'Mask values'}
        </button>
      </header>
      <div className="compare">
        <Side title="Before the reload" outcome={previous} masked={masked} />
        <Side title="After the reload" outcome={current} masked={masked} />
      </div>
      <h3>Diff</h3>
      <JsonDiffView before={body(previous)} after={body(current)} masked={masked} label="Changes between the answers" />
    </section>
  );
}
