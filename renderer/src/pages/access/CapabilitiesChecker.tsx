/**
 * "What may this token do at these paths": `sys/capabilities` with a token pasted here, or
 * `sys/capabilities-accessor` with a live token's accessor, answered per path as Vault does.
 */
import { useState, type FormEvent } from 'react';
import { useContractMutation, useContractQuery } from '../../client/use-contract';
import { ErrorNotice } from '../../components/ErrorNotice';

export function CapabilitiesChecker() {
  const tokens = useContractQuery('tokens.list', {});
  const ask = useContractMutation('requests.handle', ['audit.list'], { secret: true });
  const [by, setBy] = useState<'accessor' | 'token'>('accessor');
  const [accessor, setAccessor] = useState('');
  const [token, setToken] = useState('');
  const [paths, setPaths] = useState('secret/data/app');
  const pathList = paths.split(/[\n,]/).map((p) => p.trim()).filter((p) => p !== '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (by === 'accessor') ask.mutate({ path: 'sys/capabilities-accessor', operation: 'write', data: { accessor, paths: pathList } });
    else ask.mutate({ path: 'sys/capabilities', operation: 'write', data: { token, paths: pathList } });
  };
  const answer = ask.data?.data ?? null;
  return (
    <form className="stack" aria-label="Capabilities check" onSubmit={submit}>
      <h3>What may this token do?</h3>
      <fieldset className="inline">
        <legend>Token given by</legend>
        <label>
          <input type="radio" name="capabilities-by" checked={by === 'accessor'} onChange={() => setBy('accessor')} /> its accessor
        </label>
        <label>
          <input type="radio" name="capabilities-by" checked={by === 'token'} onChange={() => setBy('token')} /> the token itself
        </label>
      </fieldset>
      {by === 'accessor' ? (
        <div className="inline">
          <label htmlFor="capabilities-accessor">Accessor</label>
          <select id="capabilities-accessor" value={accessor} onChange={(event) => setAccessor(event.target.value)}>
            <option value="">Pick a token…</option>
            {(tokens.data?.tokens ?? []).map((t) => (
              <option key={t.accessor} value={t.accessor}>
                {t.displayName} ({t.accessor})
              </option>
            ))}
          </select>
        </div>
      ) : (
        <label>
          Token <input type="password" value={token} autoComplete="off" onChange={(event) => setToken(event.target.value)} />
        </label>
      )}
      <label>
        Paths (one a line) <textarea rows={3} spellCheck={false} value={paths} onChange={(event) => setPaths(event.target.value)} />
      </label>
      <div className="actions">
        <button type="submit" className="button-primary" disabled={pathList.length === 0 || (by === 'accessor' ? accessor === '' : token === '') || ask.isPending}>
          Check
        </button>
      </div>
      {answer !== null && (
        <table className="table table-compact" data-testid="capabilities-answer">
          <tbody>
            {pathList.map((p) => (
              <tr key={p}>
                <th scope="row">
                  <code>{p}</code>
                </th>
                <td>{Array.isArray(answer[p]) ? (answer[p] as string[]).join(', ') : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorNotice error={ask.error} title="Could not check" />
    </form>
  );
}
