/**
 * A contract error as the user sees it: its stable code (hovering it shows the registry's doc line,
 * what the code means) and the message that says what to do.
 */
import type { ContractErrorShape } from '../../../electron/common/errors';
import { errorCodeEntry } from '../../../proto/wire/error-codes';

export function ErrorNotice({ error, title }: { error: ContractErrorShape | null | undefined; title?: string }) {
  if (error === null || error === undefined) return null;
  const status = error.detail?.httpStatus;
  return (
    <div className="notice notice-error" role="alert" data-testid="error-notice" data-code={error.code}>
      <strong>{title ?? 'Error'}</strong> <code className="error-code" title={errorCodeEntry(error.code)?.doc}>{error.code}</code>
      {typeof status === 'number' && <span className="muted"> · HTTP {status}</span>}
      <p>{error.message}</p>
    </div>
  );
}
