/** A contract error as the user sees it: its stable code and the message that says what to do. */
import type { ContractErrorShape } from '../../../electron/common/errors';

export function ErrorNotice({ error, title }: { error: ContractErrorShape | null | undefined; title?: string }) {
  if (error === null || error === undefined) return null;
  const status = error.detail?.httpStatus;
  return (
    <div className="notice notice-error" role="alert" data-testid="error-notice" data-code={error.code}>
      <strong>{title ?? 'Error'}</strong> <code className="error-code">{error.code}</code>
      {typeof status === 'number' && <span className="muted"> · HTTP {status}</span>}
      <p>{error.message}</p>
    </div>
  );
}
