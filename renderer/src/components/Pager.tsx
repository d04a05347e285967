/** Previous/next for cursor-paged lists: the caller keeps the stack of cursors it has visited. */
export function Pager({
  page,
  hasNext,
  onPrevious,
  onNext,
  label,
  previousLabel = '← Previous',
  nextLabel = 'Next →',
}: {
  page: number;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  label: string;
  previousLabel?: string;
  nextLabel?: string;
}) {
  if (page === 0 && !hasNext) return null;
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <button type="button" onClick={onPrevious} disabled={page === 0}>
        {previousLabel}
      </button>
      <span aria-live="polite">Page {page + 1}</span>
      <button type="button" onClick={onNext} disabled={!hasNext}>
        {nextLabel}
      </button>
    </nav>
  );
}
