/**
 * Register a plugin binary from the plugin directory: pick (or type) the file, compute its
 * sha256 with a progress bar, name it, and pin it in the catalog.
 */
import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes } from '../../components/format';
import { useContractMutation, useContractQuery } from '../../client/use-contract';
import { guessName } from './guess-name';
import { nativeFilePicker } from './native-file-picker';
import { useFileHash } from './use-file-hash';

export function RegisterPluginForm({ pluginDirectory }: { pluginDirectory: string }) {
  const directory = useContractQuery('plugins.directory', {});
  const register = useContractMutation('plugins.register', ['plugins.list', 'plugins.status']);
  const hash = useFileHash();
  const picker = nativeFilePicker();
  const [file, setFile] = useState('');
  const [name, setName] = useState('');
  const [version, setVersion] = useState('');
  const [type, setType] = useState<'secret' | 'auth'>('secret');
  const [args, setArgs] = useState('');

  const choose = (path: string) => {
    setFile(path);
    hash.reset();
    register.reset();
    const base = path.split(/[\\/]/).pop() ?? '';
    if (name === '' || name === guessName(file)) setName(guessName(base));
  };
  const command = file.startsWith(`${pluginDirectory}/`) ? file.slice(pluginDirectory.length + 1) : file;
  const hashed = hash.result !== undefined && !hash.pending;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (hash.result === undefined || hash.pending) return;
    register.mutate(
      {
        type,
        name: name.trim(),
        version: version.trim() === '' ? undefined : version.trim(),
        command,
        args: args.trim() === '' ? undefined : args.trim().split(/\s+/),
        sha256: hash.result.sha256,
      },
      { onSuccess: () => (setFile(''), setName(''), setVersion(''), setArgs(''), hash.reset()) },
    );
  };

  return (
    <form className="card form-grid" onSubmit={submit} aria-labelledby="register-title" data-testid="register-form">
      <h2 id="register-title">Register a plugin</h2>
      <p className="muted span-2">
        Binaries run from the plugin directory <code>{pluginDirectory}</code>. Copy the file there, pick it, and its sha256 is pinned: a changed binary will not start.
      </p>
      <label htmlFor="register-file">Binary</label>
      <div className="field-control">
        <div className="inline">
          <input id="register-file" list="plugin-directory-files" value={file} onChange={(e) => choose(e.target.value)} placeholder="file name in the plugin directory" spellCheck={false} />
          <datalist id="plugin-directory-files">
            {directory.data?.files.map((f) => (
              <option key={f.name} value={f.name}>{`${formatBytes(f.bytes)}${f.executable ? '' : ' · not executable'}`}</option>
            ))}
          </datalist>
          {picker !== undefined && (
            <button type="button" onClick={() => void picker.pickPluginBinary().then((p) => p !== null && choose(p))}>
              Choose file…
            </button>
          )}
          <button type="button" onClick={() => hash.start(file)} disabled={file === '' || hash.pending}>
            Compute sha256
          </button>
        </div>
        {directory.data !== undefined && directory.data.files.length > 0 && (
          <p className="field-help">
            In the directory:{' '}
            {directory.data.files.map((f, i) => (
              <span key={f.name}>
                {i > 0 && ', '}
                <button type="button" className="link-button" onClick={() => choose(f.name)}>
                  {f.name}
                </button>
              </span>
            ))}
          </p>
        )}
        {hash.progress !== undefined && (
          <div className="hash-progress">
            <progress value={hash.fraction} max={1} aria-label="sha256 progress" />
            <span className="muted">
              {hash.pending ? `${Math.round(hash.fraction * 100)}%` : hash.result !== undefined ? formatBytes(hash.result.bytes) : ''}
            </span>
          </div>
        )}
        {hash.result !== undefined && (
          <p className="mono hash-result" data-testid="sha256">
            sha256 {hash.result.sha256}
          </p>
        )}
        <ErrorNotice error={hash.error} title="Could not read the file" />
      </div>
      <label htmlFor="register-name">Name</label>
      <input id="register-name" value={name} onChange={(e) => setName(e.target.value)} required spellCheck={false} />
      <label htmlFor="register-version">Version</label>
      <input id="register-version" value={version} onChange={(e) => setVersion(e.target.value)} placeholder="v1.2.3 (optional)" spellCheck={false} />
      <label htmlFor="register-type">Type</label>
      <select id="register-type" value={type} onChange={(e) => setType(e.target.value as 'secret' | 'auth')}>
        <option value="secret">secret engine</option>
        <option value="auth">auth method</option>
      </select>
      <label htmlFor="register-args">Arguments</label>
      <input id="register-args" value={args} onChange={(e) => setArgs(e.target.value)} placeholder="optional, space-separated" spellCheck={false} />
      <div className="span-2 actions">
        <button type="submit" className="button-primary" disabled={!hashed || name.trim() === '' || register.isPending}>
          {register.isPending ? 'Registering…' : 'Register'}
        </button>
        {!hashed && !register.isSuccess && <span className="muted">Compute the sha256 first.</span>}
        {register.isSuccess && (
          <span className="ok-text" role="status">
            Registered {register.data.name} {register.data.version}
          </span>
        )}
      </div>
      <ErrorNotice error={register.error} title="Could not register" />
    </form>
  );
}
