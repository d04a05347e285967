/** Plugins → Catalog → Limits: one entry's memory ceiling and start timeout (`plugins.tune`). */
import { useState, type FormEvent } from 'react';
import type { CatalogEntryView } from '../../../../electron/common/contract/plugins';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useContractMutation } from '../../client/use-contract';

export function LimitsDialog({ entry, onClose }: { entry: CatalogEntryView; onClose: () => void }) {
  const tune = useContractMutation('plugins.tune', ['plugins.list', 'plugins.status']);
  const [memory, setMemory] = useState(String(entry.memoryLimitMiB));
  const [startTimeout, setStartTimeout] = useState(String(entry.startTimeoutSeconds));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    tune.mutate(
      {
        type: entry.type,
        name: entry.name,
        version: entry.version || undefined,
        memoryLimitMiB: Number(memory),
        startTimeoutSeconds: Number(startTimeout),
      },
      { onSuccess: onClose },
    );
  };

  return (
    <Dialog title={`Limits of ${entry.name}${entry.version ? ` ${entry.version}` : ''}`} open onClose={onClose}>
      <form className="form-grid" onSubmit={submit}>
        <label htmlFor="limits-memory">Memory ceiling (MiB)</label>
        <div className="field-control">
          <input id="limits-memory" type="number" min={16} step={1} value={memory} onChange={(e) => setMemory(e.target.value)} required />
          <p className="field-help">A process above it is stopped (plugin_memory_exceeded) and restarts on the next request. Applies at once.</p>
        </div>
        <label htmlFor="limits-start">Start timeout (s)</label>
        <div className="field-control">
          <input id="limits-start" type="number" min={0.1} step={0.1} value={startTimeout} onChange={(e) => setStartTimeout(e.target.value)} required />
          <p className="field-help">How long a start may take before the handshake. Applies from the next start.</p>
        </div>
        <div className="span-2 actions">
          <button type="submit" className="button-primary" disabled={tune.isPending}>
            Save
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
        <ErrorNotice error={tune.error} title="Could not change the limits" />
      </form>
    </Dialog>
  );
}
