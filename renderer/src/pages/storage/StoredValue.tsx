/**
 * One stored value, redacted until revealed: revealing decrypts it in the core (`storage.read`,
 * audited as a `sys/raw` read) and the answer lives only in this component's secret mutation,
 * forgotten when hidden again or when the row goes away.
 */
import type { RawBody } from '../../../../electron/common/contract/requests';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes } from '../../components/format';
import { useContractMutation } from '../../client/use-contract';

export function ValueText({ value, label }: { value: RawBody; label: string }) {
  return 'text' in value ? (
    <pre className="raw-text stored-value" aria-label={label}>
      {value.text}
    </pre>
  ) : (
    <pre className="raw-text stored-value" aria-label={label} title="Not text: shown as base64">
      <span className="muted">base64 </span>
      {value.base64}
    </pre>
  );
}

export function StoredValue({ mount, storageKey, bytes }: { mount: string; storageKey: string; bytes: number | null }) {
  const read = useContractMutation('storage.read', [], { secret: true });
  if (read.data === undefined) {
    return (
      <div className="stored-value-row">
        <span className="muted" data-testid="value-redacted">
          •••••••• {bytes === null ? '' : `(${formatBytes(bytes)})`}
        </span>{' '}
        <button type="button" className="button-small" aria-label={`Reveal ${storageKey}`} disabled={read.isPending} onClick={() => read.mutate({ mount, key: storageKey })}>
          Reveal
        </button>
        <ErrorNotice error={read.error} title="Could not read the value" />
      </div>
    );
  }
  return (
    <div className="stored-value-row">
      <button type="button" className="button-small" aria-label={`Hide ${storageKey}`} onClick={() => read.reset()}>
        Hide
      </button>
      <ValueText value={read.data.value} label={`Value of ${storageKey}`} />
    </div>
  );
}
