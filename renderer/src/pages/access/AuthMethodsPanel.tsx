/**
 * Auth methods (`sys/auth`): the enabled ones, enable an auth plugin from the catalog at a path,
 * disable one (the dialog says how many tokens its logins issued go with it), and each method's
 * login form generated from its own OpenAPI.
 */
import { useState } from 'react';
import { useContractQuery } from '../../client/use-contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { DisableAuthDialog } from './DisableAuthDialog';
import { EnableAuthForm } from './EnableAuthForm';
import { LoginForm } from './LoginForm';

export interface AuthMethodRow {
  /** `jwt/`: relative to `auth/`. */
  path: string;
  type: string;
  accessor: string;
  description: string;
}

function authRows(data: Record<string, unknown> | null | undefined): AuthMethodRow[] {
  return Object.entries(data ?? {}).flatMap(([path, value]) => {
    if (typeof value !== 'object' || value === null || !path.endsWith('/')) return [];
    const entry = value as Record<string, unknown>;
    return [{ path, type: String(entry['type'] ?? ''), accessor: String(entry['accessor'] ?? ''), description: String(entry['description'] ?? '') }];
  });
}

export function AuthMethodsPanel() {
  const list = useContractQuery('requests.handle', { path: 'sys/auth', operation: 'read' });
  const [disabling, setDisabling] = useState<AuthMethodRow | null>(null);
  const [loggingIn, setLoggingIn] = useState<string | null>(null);
  const rows = authRows(list.data?.data);
  return (
    <section className="stack" aria-labelledby="auth-title">
      <h2 id="auth-title">Auth methods</h2>
      <ErrorNotice error={list.error} title="Could not list auth methods" />
      <table className="table" data-testid="auth-table">
        <thead>
          <tr>
            <th scope="col">Path</th>
            <th scope="col">Type</th>
            <th scope="col">Accessor</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.path} data-auth={row.path}>
              <th scope="row">
                <code>auth/{row.path}</code>
              </th>
              <td>{row.type}</td>
              <td>
                <code>{row.accessor}</code>
              </td>
              <td>
                {/* auth/token/ is built in: it has no plugin login and cannot be disabled. */}
                {row.type !== 'token' && (
                  <div className="inline">
                    <button type="button" className="button-small" onClick={() => setLoggingIn(row.path)}>
                      Log in…
                    </button>
                    <button type="button" className="button-small button-danger-quiet" onClick={() => setDisabling(row)}>
                      Disable…
                    </button>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <EnableAuthForm />
      {loggingIn !== null && <LoginForm key={loggingIn} mountPath={loggingIn} onClose={() => setLoggingIn(null)} />}
      {disabling !== null && <DisableAuthDialog method={disabling} onClose={() => (setDisabling(null), setLoggingIn(null))} />}
    </section>
  );
}
