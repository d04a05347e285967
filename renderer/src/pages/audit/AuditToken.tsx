/**
 * Which token made an audited request: its accessor (the log keeps it in clear; never the id) and
 * the display name of that token while it lives, "revoked" once it is gone (revoked or expired:
 * the store forgets both alike). No accessor: the request came with no token (this window, which
 * acts as the owner, or a login to an auth method).
 */
export function AuditToken({ accessor, displayNames }: { accessor: string | null; displayNames: ReadonlyMap<string, string> | undefined }) {
  if (accessor === null) return <span className="muted" title="this window (the owner) or a login, which needs no token">no token</span>;
  const name = displayNames?.get(accessor);
  return (
    <span data-testid="audit-token">
      {displayNames === undefined ? null : name === undefined ? <span className="muted" title="revoked or expired since">revoked</span> : name}{' '}
      <code className="muted">{accessor}</code>
    </span>
  );
}
