/** Tune a mount: description, TTLs, request timeout, options (merged; an empty value removes one), version pin. */
import { useState, type FormEvent } from 'react';
import type { MountView } from '../../../../electron/common/contract/mounts';
import { formatDurationSeconds } from '../../../../proto/wire/duration';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { KeyValueEditor } from '../../components/KeyValueEditor';
import type { KeyValueRow } from '../../forms/form-values';
import { useContractMutation } from '../../client/use-contract';
import { rowsToOptions } from './EnableMountForm';

export function TuneMountDialog({ mount, onClose }: { mount: MountView; onClose: () => void }) {
  const tune = useContractMutation('mounts.tune', ['mounts.list']);
  const [description, setDescription] = useState(mount.description);
  const [defaultTtl, setDefaultTtl] = useState(mount.defaultLeaseTtl === 0 ? '' : formatDurationSeconds(mount.defaultLeaseTtl));
  const [maxTtl, setMaxTtl] = useState(mount.maxLeaseTtl === 0 ? '' : formatDurationSeconds(mount.maxLeaseTtl));
  const [options, setOptions] = useState<KeyValueRow[]>(Object.entries(mount.options).map(([key, value]) => ({ key, value })));
  const [version, setVersion] = useState(mount.pluginVersion);
  const [requestTimeout, setRequestTimeout] = useState(mount.requestTimeout === 0 ? '' : formatDurationSeconds(mount.requestTimeout));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const removed = Object.keys(mount.options).filter((k) => !options.some((r) => r.key.trim() === k));
    const merged = { ...Object.fromEntries(removed.map((k) => [k, ''])), ...rowsToOptions(options) };
    tune.mutate(
      {
        path: mount.path,
        description,
        defaultLeaseTtl: defaultTtl === '' ? 0 : defaultTtl,
        maxLeaseTtl: maxTtl === '' ? 0 : maxTtl,
        requestTimeout: requestTimeout === '' ? 0 : requestTimeout,
        options: merged,
        pluginVersion: version,
      },
      { onSuccess: onClose },
    );
  };

  return (
    <Dialog title={`Tune ${mount.path}`} open onClose={onClose}>
      <form className="form-grid" onSubmit={submit}>
        <label htmlFor="tune-description">Description</label>
        <input id="tune-description" value={description} onChange={(e) => setDescription(e.target.value)} />
        <label htmlFor="tune-default-ttl">Default lease TTL</label>
        <input id="tune-default-ttl" value={defaultTtl} onChange={(e) => setDefaultTtl(e.target.value)} placeholder="system default" />
        <label htmlFor="tune-max-ttl">Max lease TTL</label>
        <input id="tune-max-ttl" value={maxTtl} onChange={(e) => setMaxTtl(e.target.value)} placeholder="system default" />
        <label htmlFor="tune-request-timeout">Request timeout</label>
        <input id="tune-request-timeout" value={requestTimeout} onChange={(e) => setRequestTimeout(e.target.value)} placeholder="default (30s)" />
        <label htmlFor="tune-version">Plugin version</label>
        <input id="tune-version" value={version} onChange={(e) => setVersion(e.target.value)} placeholder="newest registered" />
        <span className="form-label">Options</span>
        <KeyValueEditor label="Option" rows={options} onChange={setOptions} />
        <div className="span-2 actions">
          <button type="submit" className="button-primary" disabled={tune.isPending}>
            Save
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
        <ErrorNotice error={tune.error} title="Could not tune" />
      </form>
    </Dialog>
  );
}
