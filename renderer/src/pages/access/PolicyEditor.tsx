/**
 * One policy's HCL: checked as you type by the save's own parser (`policies.check`, which says the
 * line and column of a mistake), saved to `sys/policies/acl/<name>`, deleted there (Strongroom,
 * as Vault, refuses to delete `default` and `root`, and says why).
 */
import { keepPreviousData } from '@tanstack/react-query';
import { useDeferredValue, useEffect, useRef, useState } from 'react';
import { useContractMutation, useContractQuery } from '../../client/use-contract';
import { ErrorNotice } from '../../components/ErrorNotice';

const STARTER = 'path "secret/data/*" {\n  capabilities = ["read"]\n}\n';

export function PolicyEditor({ name, isNew, onClosed }: { name: string; isNew: boolean; onClosed: () => void }) {
  const path = `sys/policies/acl/${name}`;
  const stored = useContractQuery('requests.handle', { path, operation: 'read' }, { enabled: !isNew });
  const save = useContractMutation('requests.handle', ['requests.handle', 'audit.list']);
  const remove = useContractMutation('requests.handle', ['requests.handle', 'audit.list']);
  const [text, setText] = useState<string | null>(isNew ? STARTER : null);
  const storedText = typeof stored.data?.data?.['policy'] === 'string' ? stored.data.data['policy'] : null;
  useEffect(() => {
    if (text === null && storedText !== null) setText(storedText);
  }, [text, storedText]);
  const deferred = useDeferredValue(text ?? '');
  const check = useContractQuery('policies.check', { policy: deferred }, { enabled: text !== null, placeholderData: keepPreviousData });
  const area = useRef<HTMLTextAreaElement>(null);
  const verdict = check.data;
  const showWhere = (line: number, column: number) => {
    const element = area.current;
    if (element === null) return;
    const lines = element.value.split('\n');
    const offset = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + column - 1;
    element.focus();
    element.setSelectionRange(offset, offset + 1);
  };
  return (
    <section className="stack" aria-label={`Policy ${name}`} data-testid="policy-editor">
      <h3>{isNew ? `New policy ${name}` : `Policy ${name}`}</h3>
      <ErrorNotice error={stored.error} title="Could not read the policy" />
      <label htmlFor="policy-text">HCL</label>
      <textarea
        id="policy-text"
        ref={area}
        rows={12}
        spellCheck={false}
        className="mono"
        value={text ?? ''}
        disabled={text === null}
        aria-invalid={verdict?.ok === false}
        aria-describedby="policy-check"
        onChange={(event) => {
          setText(event.target.value);
          save.reset();
        }}
      />
      <p id="policy-check" data-testid="policy-check" aria-live="polite" className={verdict?.ok === false ? 'notice notice-warn' : 'muted'}>
        {verdict === undefined
          ? 'Checking…'
          : verdict.ok
            ? `Parses: ${verdict.paths === 1 ? '1 path block' : `${verdict.paths} path blocks`}.`
            : verdict.message}{' '}
        {verdict?.ok === false && verdict.line !== null && verdict.column !== null && (
          <button type="button" className="button-small" onClick={() => verdict.line !== null && verdict.column !== null && showWhere(verdict.line, verdict.column)}>
            Show line {verdict.line}, column {verdict.column}
          </button>
        )}
      </p>
      <div className="actions">
        <button type="button" className="button-primary" disabled={text === null || verdict?.ok !== true || save.isPending} onClick={() => save.mutate({ path, operation: 'write', data: { policy: text } })}>
          Save
        </button>
        {!isNew && (
          <button type="button" className="button-danger-quiet" disabled={remove.isPending} onClick={() => remove.mutate({ path, operation: 'delete' }, { onSuccess: onClosed })}>
            Delete {name}
          </button>
        )}
        <button type="button" onClick={onClosed}>
          Close
        </button>
      </div>
      {save.isSuccess && <p className="muted">Saved. Tokens holding {name} get the new rules on their next request.</p>}
      <ErrorNotice error={save.error} title="Could not save the policy" />
      <ErrorNotice error={remove.error} title={`Could not delete ${name}`} />
    </section>
  );
}
