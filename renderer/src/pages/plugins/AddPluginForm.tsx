/**
 * "Add plugin…": pick a file anywhere (Electron's file dialog, or a path field in headless mode),
 * see its size, what it is (a program this machine can start, or why not) and its sha256, then
 * Strongroom copies it into the plugin directory and registers it. A file it would refuse is
 * marked with the reason; replacing a different file of the same name needs a confirmation.
 */
import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes } from '../../components/format';
import { useContractMutation } from '../../client/use-contract';
import { guessName } from './guess-name';
import { nativeFilePicker } from './native-file-picker';

export function AddPluginForm({ pluginDirectory }: { pluginDirectory: string }) {
  const inspect = useContractMutation('plugins.inspectFile');
  const install = useContractMutation('plugins.install', ['plugins.list', 'plugins.status', 'plugins.directory']);
  const picker = nativeFilePicker();
  const [open, setOpen] = useState(false);
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [version, setVersion] = useState('');
  const [type, setType] = useState<'secret' | 'auth'>('secret');
  const [replace, setReplace] = useState(false);
  const file = inspect.data;

  const examine = (chosen: string) => {
    setPath(chosen);
    setReplace(false);
    install.reset();
    if (chosen.trim() === '') return inspect.reset();
    // The name follows the file until the user types one of their own.
    const previousGuess = file === undefined ? '' : guessName(file.fileName);
    inspect.mutate({ path: chosen.trim() }, { onSuccess: (result) => setName((current) => (current === '' || current === previousGuess ? guessName(result.fileName) : current)) });
  };
  const needsConfirmation = file?.existing === 'different';
  const canInstall = file !== undefined && file.runnable && name.trim() !== '' && (!needsConfirmation || replace) && !install.isPending;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file === undefined || !canInstall) return;
    install.mutate({
      path: file.path,
      type,
      name: name.trim(),
      version: version.trim() === '' ? undefined : version.trim(),
      overwrite: needsConfirmation && replace ? true : undefined,
    });
  };

  if (!open) {
    return (
      <p>
        <button type="button" onClick={() => setOpen(true)}>
          Add plugin…
        </button>{' '}
        <span className="muted">from any folder: Strongroom copies it into the plugin directory and registers it.</span>
      </p>
    );
  }
  return (
    <form className="card form-grid" onSubmit={submit} aria-labelledby="add-plugin-title" data-testid="add-plugin-form">
      <h2 id="add-plugin-title">Add plugin</h2>
      <p className="muted span-2">
        Pick a plugin binary anywhere; it is copied into <code>{pluginDirectory}</code> and its sha256 is pinned.
      </p>
      <label htmlFor="add-plugin-path">File</label>
      <div className="field-control">
        <div className="inline">
          <input
            id="add-plugin-path"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), examine(path))}
            placeholder="/full/path/to/the/plugin"
            spellCheck={false}
          />
          {picker !== undefined && (
            <button type="button" onClick={() => void picker.pickPluginBinary().then((p) => p !== null && examine(p))}>
              Choose file…
            </button>
          )}
          <button type="button" onClick={() => examine(path)} disabled={path.trim() === '' || inspect.isPending}>
            {inspect.isPending ? 'Reading…' : 'Inspect'}
          </button>
        </div>
        <ErrorNotice error={inspect.error} title="Could not read the file" />
        {file !== undefined && (
          <dl className="inspection" data-testid="inspection" data-runnable={String(file.runnable)}>
            <dt>Size</dt>
            <dd>{formatBytes(file.bytes)}</dd>
            <dt>Type</dt>
            <dd>
              {file.kind} <span className={file.runnable ? 'badge badge-ok' : 'badge badge-danger'}>{file.runnable ? 'runs on this machine' : 'refused'}</span>
            </dd>
            <dt>sha256</dt>
            <dd className="mono" data-testid="inspection-sha256">
              {file.sha256}
            </dd>
          </dl>
        )}
        {file !== undefined && !file.runnable && (
          <div className="notice notice-error" role="alert" data-testid="inspection-refused">
            <strong>Strongroom will not start this file.</strong>
            <p>{file.problem}</p>
          </div>
        )}
        {file !== undefined && file.runnable && file.existing === 'identical' && (
          <p className="field-help">The plugin directory already holds this exact file as {file.fileName}: it is registered without copying.</p>
        )}
        {needsConfirmation && file.runnable && (
          <div className="notice notice-warn" data-testid="overwrite-warning">
            <strong>The plugin directory already has a different {file.fileName}.</strong>
            <p>
              <label>
                <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} /> Replace it (plugins registered with the old file will not start
                until re-registered)
              </label>
            </p>
          </div>
        )}
      </div>
      <label htmlFor="add-plugin-name">Name</label>
      <input id="add-plugin-name" value={name} onChange={(e) => setName(e.target.value)} required spellCheck={false} />
      <label htmlFor="add-plugin-version">Version</label>
      <input id="add-plugin-version" value={version} onChange={(e) => setVersion(e.target.value)} placeholder="v1.2.3 (optional)" spellCheck={false} />
      <label htmlFor="add-plugin-type">Type</label>
      <select id="add-plugin-type" value={type} onChange={(e) => setType(e.target.value as 'secret' | 'auth')}>
        <option value="secret">secret engine</option>
        <option value="auth">auth method</option>
      </select>
      <div className="span-2 actions">
        <button type="submit" className="button-primary" disabled={!canInstall}>
          {install.isPending ? 'Copying…' : 'Copy and register'}
        </button>
        <button type="button" onClick={() => (setOpen(false), inspect.reset(), install.reset(), setPath(''), setName(''))}>
          Close
        </button>
        {install.isSuccess && (
          <span className="ok-text" role="status">
            Added {install.data.entry.name} {install.data.entry.version} as {install.data.target}
          </span>
        )}
      </div>
      <ErrorNotice error={install.error} title="Could not add the plugin" />
    </form>
  );
}
