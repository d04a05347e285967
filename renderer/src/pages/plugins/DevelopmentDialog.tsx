/**
 * Plugins → Catalog → Development: development mode of one entry on or off
 * (`plugins.setDevelopment`). On, Strongroom watches the binary (or a TS plugin's source folder,
 * rebuilt with the SDK's packager) and re-pins and reloads each good rebuild.
 */
import { useState, type FormEvent } from 'react';
import type { CatalogEntryView } from '../../../../electron/common/contract/plugins';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useContractMutation } from '../../client/use-contract';

export function DevelopmentDialog({ entry, onClose }: { entry: CatalogEntryView; onClose: () => void }) {
  const setDevelopment = useContractMutation('plugins.setDevelopment', ['plugins.list', 'plugins.status']);
  const [enabled, setEnabled] = useState(entry.development !== null);
  const [sourceDir, setSourceDir] = useState(entry.development?.source ?? '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const source = sourceDir.trim();
    setDevelopment.mutate(
      { type: entry.type, name: entry.name, version: entry.version || undefined, enabled, ...(enabled && source !== '' ? { sourceDir: source } : {}) },
      { onSuccess: onClose },
    );
  };

  return (
    <Dialog title={`Development mode of ${entry.name}${entry.version ? ` ${entry.version}` : ''}`} open onClose={onClose}>
      <form className="form-grid" onSubmit={submit}>
        <label htmlFor="dev-enabled">Development mode</label>
        <div className="field-control">
          <input id="dev-enabled" type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          <p className="field-help">
            Watches the binary; each rebuild is hashed, re-pinned and reloaded on every mount (data and leases kept). A rebuild that fails keeps the previous binary.
          </p>
        </div>
        <label htmlFor="dev-source">TS source folder</label>
        <div className="field-control">
          <input id="dev-source" type="text" placeholder="/path/to/plugin (holds main.ts)" value={sourceDir} disabled={!enabled} onChange={(e) => setSourceDir(e.target.value)} />
          <p className="field-help">For a TypeScript plugin made with the SDK: the folder with its main.ts, rebuilt into {entry.command} on every save. Empty: watch the binary.</p>
        </div>
        <div className="span-2 actions">
          <button type="submit" className="button-primary" disabled={setDevelopment.isPending}>
            Save
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
        <ErrorNotice error={setDevelopment.error} title="Could not change development mode" />
      </form>
    </Dialog>
  );
}
