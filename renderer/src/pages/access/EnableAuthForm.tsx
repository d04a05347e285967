/** Enable an auth plugin from the catalog (type `auth`) at `auth/<path>/`, as `sys/auth/<path>` does. */
import { useState, type FormEvent } from 'react';
import { useContractMutation, useContractQuery } from '../../client/use-contract';
import { ErrorNotice } from '../../components/ErrorNotice';

export function EnableAuthForm() {
  const catalog = useContractQuery('plugins.list', {});
  const enable = useContractMutation('requests.handle', ['requests.handle', 'mounts.list', 'plugins.list', 'plugins.status', 'audit.list']);
  const entries = (catalog.data?.plugins ?? []).filter((p) => p.type === 'auth');
  const [plugin, setPlugin] = useState('');
  const [path, setPath] = useState('');
  const [name = '', version = ''] = plugin.split('@');
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const data: Record<string, unknown> = { type: name };
    if (version !== '') data['plugin_version'] = version;
    enable.mutate({ path: `sys/auth/${trimmed}`, operation: 'write', data }, { onSuccess: () => (setPath(''), setPlugin('')) });
  };
  return (
    <form className="stack" aria-label="Enable auth method" onSubmit={submit}>
      <h3>Enable an auth method</h3>
      {catalog.data !== undefined && entries.length === 0 && (
        <p className="muted">
          No auth plugin is registered: register one on the <a href="#/plugins">Plugins</a> page with type &quot;auth method&quot;.
        </p>
      )}
      <div className="inline">
        <label htmlFor="auth-plugin">Auth plugin</label>
        <select id="auth-plugin" value={plugin} onChange={(event) => (setPlugin(event.target.value), path === '' && setPath(event.target.value.split('@')[0] ?? ''))}>
          <option value="">Pick one…</option>
          {entries.map((p) => (
            <option key={`${p.name}@${p.version}`} value={`${p.name}@${p.version}`}>
              {p.name} {p.version || '(unversioned)'}
            </option>
          ))}
        </select>
        <label htmlFor="auth-path">At auth/</label>
        <input id="auth-path" value={path} onChange={(event) => setPath(event.target.value)} placeholder="e.g. jwt" spellCheck={false} />
        <button type="submit" className="button-primary" disabled={name === '' || trimmed === '' || enable.isPending}>
          Enable
        </button>
      </div>
      <ErrorNotice error={enable.error} title="Could not enable the auth method" />
    </form>
  );
}
