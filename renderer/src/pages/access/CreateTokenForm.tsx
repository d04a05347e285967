/**
 * Makes a token (`auth/token/create`, as the owner): policies picked from the existing ones, TTL,
 * renewable, uses. The owner has no token of its own to be a parent, so what it makes is an orphan.
 * The new token is shown once, held only in a secret mutation: "Done" forgets it.
 */
import { useState, type FormEvent } from 'react';
import { DURATION_HINT, durationSeconds } from '../../../../proto/wire/duration';
import { useContractMutation, useContractQuery } from '../../client/use-contract';
import { CopyButton } from '../../components/CopyButton';
import { ErrorNotice } from '../../components/ErrorNotice';

function policyNames(data: Record<string, unknown> | null | undefined): string[] {
  const keys = data?.['keys'];
  return Array.isArray(keys) ? keys.filter((key): key is string => typeof key === 'string' && key !== 'root') : [];
}

export function CreateTokenForm() {
  const policies = useContractQuery('requests.handle', { path: 'sys/policies/acl/', operation: 'list' });
  const create = useContractMutation('requests.handle', ['tokens.list', 'audit.list'], { secret: true });
  const [picked, setPicked] = useState<string[]>(['default']);
  const [displayName, setDisplayName] = useState('');
  const [ttl, setTtl] = useState('1h');
  const [renewable, setRenewable] = useState(true);
  const [uses, setUses] = useState('0');
  const parsedTtl = durationSeconds(ttl);
  const ttlProblem = !parsedTtl.ok ? parsedTtl.problem : parsedTtl.seconds <= 0 ? `a token made here must expire: give a TTL of at least 1s; ${DURATION_HINT}` : undefined;
  const usesProblem = /^\d+$/.test(uses) ? undefined : 'uses must be a whole number: 0 for unlimited, or how many requests the token may make';
  const issued = create.data?.auth ?? null;

  if (issued !== null) {
    return (
      <section className="notice" aria-label="New token" data-testid="new-token">
        <p>
          New token <code>{issued.accessor}</code> (accessor) with policies {issued.policies.join(', ')}. This is shown once: Strongroom keeps only a
          salted hash of it.
        </p>
        <p>
          <code data-testid="new-token-id">{issued.client_token}</code> <CopyButton label="Copy token" text={issued.client_token} />
        </p>
        <button type="button" className="button-small" onClick={() => create.reset()}>
          Done, hide it
        </button>
      </section>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!parsedTtl.ok || ttlProblem !== undefined || usesProblem !== undefined) return;
    const data: Record<string, unknown> = { policies: picked, ttl: `${parsedTtl.seconds}s`, renewable, num_uses: Number(uses) };
    if (displayName !== '') data['display_name'] = displayName;
    create.mutate({ path: 'auth/token/create', operation: 'write', data });
  };
  const toggle = (name: string, on: boolean) => setPicked((current) => (on ? [...current, name] : current.filter((p) => p !== name)));
  return (
    <form className="stack" aria-label="Create token" onSubmit={submit}>
      <fieldset>
        <legend>Policies</legend>
        {policyNames(policies.data?.data).map((name) => (
          <label key={name} className="checkbox">
            <input type="checkbox" checked={picked.includes(name)} onChange={(event) => toggle(name, event.target.checked)} /> {name}
          </label>
        ))}
        {picked.length === 0 && <p className="muted">No policy picked: the token gets the owner&apos;s, root. Pick at least one to limit it.</p>}
      </fieldset>
      <ErrorNotice error={policies.error} title="Could not list policies" />
      <label>
        Display name <input value={displayName} onChange={(event) => setDisplayName(event.target.value)} placeholder="e.g. backup-script" />
      </label>
      <label>
        TTL <input value={ttl} onChange={(event) => setTtl(event.target.value)} aria-invalid={ttlProblem !== undefined} />
      </label>
      {ttlProblem !== undefined && <p className="notice notice-warn">{ttlProblem}</p>}
      <label className="checkbox">
        <input type="checkbox" checked={renewable} onChange={(event) => setRenewable(event.target.checked)} /> Renewable
      </label>
      <label>
        Uses (0 = unlimited) <input value={uses} inputMode="numeric" onChange={(event) => setUses(event.target.value)} aria-invalid={usesProblem !== undefined} />
      </label>
      {usesProblem !== undefined && <p className="notice notice-warn">{usesProblem}</p>}
      <p className="muted">Made by the owner, it is an orphan: revoking another token never takes it along.</p>
      <div className="actions">
        <button type="submit" className="button-primary" disabled={ttlProblem !== undefined || usesProblem !== undefined || create.isPending}>
          {create.isPending ? 'Creating…' : 'Create token'}
        </button>
      </div>
      <ErrorNotice error={create.error} title="Could not create the token" />
    </form>
  );
}
