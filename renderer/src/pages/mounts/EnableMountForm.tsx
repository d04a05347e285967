/** Enable a secrets engine: a catalog plugin at a path, with description, TTLs and options. */
import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { KeyValueEditor } from '../../components/KeyValueEditor';
import type { KeyValueRow } from '../../forms/form-values';
import type { CatalogEntryView } from '../../../../electron/common/contract/plugins';
import { useContractMutation, useContractQuery } from '../../client/use-contract';

export function rowsToOptions(rows: KeyValueRow[]): Record<string, string> | undefined {
  const filled = rows.filter((r) => r.key.trim() !== '');
  return filled.length === 0 ? undefined : Object.fromEntries(filled.map((r) => [r.key.trim(), r.value]));
}

interface PluginChoice {
  /** The select's value: `type@version`. */
  value: string;
  label: string;
  /** A built-in that was not built: why (shown instead of offering it). */
  unavailable: string | null;
}

/**
 * One choice per catalog entry; the built-in KV also as `kv-v2` (Vault's alias: kv with version 2).
 * A built-in is chosen by name without a version (as Vault mounts its built-ins: the mount follows
 * the app's build), unless an unversioned registered entry of that name would take its place.
 */
export function pluginChoices(plugins: readonly CatalogEntryView[]): PluginChoice[] {
  const shadowed = (name: string) => plugins.some((p) => !p.builtin && p.name === name && p.version === '');
  return plugins.flatMap((p) => {
    if (!p.builtin) return [{ value: `${p.name}@${p.version}`, label: `${p.name} ${p.version || '(unversioned)'}`, unavailable: null }];
    const version = shadowed(p.name) ? p.version : '';
    const choices = [{ value: `${p.name}@${version}`, label: `${p.name} (built in, ${p.version})`, unavailable: p.unavailable }];
    if (p.name === 'kv') choices.push({ value: `kv-v2@${version}`, label: `kv-v2 (built-in KV, version 2)`, unavailable: p.unavailable });
    return choices;
  });
}

export function EnableMountForm({ onEnabled }: { onEnabled?: (path: string) => void }) {
  const catalog = useContractQuery('plugins.list', {});
  const enable = useContractMutation('mounts.enable', ['mounts.list', 'plugins.list', 'plugins.status']);
  const secretPlugins = (catalog.data?.plugins ?? []).filter((p) => p.type === 'secret');
  const choices = pluginChoices(secretPlugins);
  const unavailable = choices.find((choice) => choice.unavailable !== null)?.unavailable;
  const [plugin, setPlugin] = useState('');
  const [path, setPath] = useState('');
  const [description, setDescription] = useState('');
  const [defaultTtl, setDefaultTtl] = useState('');
  const [maxTtl, setMaxTtl] = useState('');
  const [options, setOptions] = useState<KeyValueRow[]>([]);
  const [name = '', version = ''] = plugin.split('@');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    enable.mutate(
      {
        path,
        type: name,
        pluginVersion: version === '' ? undefined : version,
        description: description === '' ? undefined : description,
        defaultLeaseTtl: defaultTtl === '' ? undefined : defaultTtl,
        maxLeaseTtl: maxTtl === '' ? undefined : maxTtl,
        options: rowsToOptions(options),
      },
      { onSuccess: (mount) => (setPath(''), setDescription(''), setOptions([]), onEnabled?.(mount.path)) },
    );
  };

  return (
    <form className="card form-grid" onSubmit={submit} aria-labelledby="enable-title" data-testid="enable-form">
      <h2 id="enable-title">Enable a secrets engine</h2>
      <label htmlFor="enable-plugin">Plugin</label>
      <select id="enable-plugin" value={plugin} onChange={(e) => setPlugin(e.target.value)} required>
        <option value="">Choose a plugin…</option>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value} disabled={choice.unavailable !== null}>
            {choice.label}
            {choice.unavailable !== null ? ' — not built' : ''}
          </option>
        ))}
      </select>
      {unavailable != null && (
        <p className="field-help span-2" role="status">
          The built-in KV plugin is not available: {unavailable}.
        </p>
      )}
      <label htmlFor="enable-path">Path</label>
      <input id="enable-path" value={path} onChange={(e) => setPath(e.target.value)} placeholder="secret/" required spellCheck={false} />
      <label htmlFor="enable-description">Description</label>
      <input id="enable-description" value={description} onChange={(e) => setDescription(e.target.value)} />
      <label htmlFor="enable-default-ttl">Default lease TTL</label>
      <input id="enable-default-ttl" value={defaultTtl} onChange={(e) => setDefaultTtl(e.target.value)} placeholder="system default (768h)" />
      <label htmlFor="enable-max-ttl">Max lease TTL</label>
      <input id="enable-max-ttl" value={maxTtl} onChange={(e) => setMaxTtl(e.target.value)} placeholder="system default (768h)" />
      <span className="form-label">Options</span>
      <div className="field-control">
        <KeyValueEditor label="Option" rows={options} onChange={setOptions} />
        <p className="field-help">Passed to the plugin when it is mounted, e.g. version = 2 for KV version 2.</p>
      </div>
      <div className="span-2 actions">
        <button type="submit" className="button-primary" disabled={enable.isPending || plugin === '' || path === ''}>
          {enable.isPending ? 'Starting the plugin…' : 'Enable'}
        </button>
        {secretPlugins.length === 0 && (
          <span className="muted">
            No secret engine in the catalog yet — <a href="#/plugins">register one</a>.
          </span>
        )}
      </div>
      <ErrorNotice error={enable.error} title="Could not enable" />
    </form>
  );
}
