/** ACL policies: the list from `sys/policies/acl/`, one open in the editor, a new one by name. */
import { useState } from 'react';
import { useContractQuery } from '../../client/use-contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { CapabilitiesChecker } from './CapabilitiesChecker';
import { PolicyEditor } from './PolicyEditor';

export function policyKeys(data: Record<string, unknown> | null | undefined): string[] {
  const keys = data?.['keys'];
  return Array.isArray(keys) ? keys.filter((key): key is string => typeof key === 'string') : [];
}

export function PoliciesPanel() {
  const list = useContractQuery('requests.handle', { path: 'sys/policies/acl/', operation: 'list' });
  const [open, setOpen] = useState<{ name: string; isNew: boolean } | null>(null);
  const [newName, setNewName] = useState('');
  const names = policyKeys(list.data?.data);
  const nameProblem = newName === '' ? undefined : /^[\w.-]+$/.test(newName) ? (names.includes(newName.toLowerCase()) ? `"${newName}" exists: open it from the list` : undefined) : 'use letters, digits, "-", "_" and "." only';
  return (
    <section className="stack" aria-labelledby="policies-title">
      <h2 id="policies-title">Policies</h2>
      <ErrorNotice error={list.error} title="Could not list policies" />
      <ul className="policy-list" aria-label="Policies">
        {names.map((name) => (
          <li key={name}>
            <button type="button" className="button-small" aria-pressed={open?.name === name} onClick={() => setOpen({ name, isNew: false })}>
              {name}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="inline"
        aria-label="New policy"
        onSubmit={(event) => {
          event.preventDefault();
          if (newName !== '' && nameProblem === undefined) setOpen({ name: newName.toLowerCase(), isNew: true });
          setNewName('');
        }}
      >
        <label>
          New policy named <input value={newName} onChange={(event) => setNewName(event.target.value)} aria-invalid={nameProblem !== undefined} />
        </label>
        <button type="submit" className="button-small" disabled={newName === '' || nameProblem !== undefined}>
          Write it
        </button>
        {nameProblem !== undefined && <span className="notice notice-warn">{nameProblem}</span>}
      </form>
      {open !== null && <PolicyEditor key={open.name} name={open.name} isNew={open.isNew} onClosed={() => setOpen(null)} />}
      <CapabilitiesChecker />
    </section>
  );
}
