/** Disabling deletes the mount's data: the user confirms by typing the path. */
import { useState, type FormEvent } from 'react';
import type { MountView } from '../../../../electron/common/contract/mounts';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useContractMutation } from '../../client/use-contract';

export function DisableMountDialog({ mount, onClose }: { mount: MountView; onClose: () => void }) {
  const disable = useContractMutation('mounts.disable', ['mounts.list', 'plugins.list', 'plugins.status', 'leases.list']);
  const [typed, setTyped] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    disable.mutate({ path: mount.path }, { onSuccess: onClose });
  };
  return (
    <Dialog title={`Disable ${mount.path}?`} open onClose={onClose}>
      <form onSubmit={submit} className="stack">
        <p>
          This revokes the mount&apos;s leases and <strong>deletes every secret stored under {mount.path}</strong>. It cannot be undone.
        </p>
        <label htmlFor="disable-confirm">
          Type <code>{mount.path}</code> to confirm
        </label>
        <input id="disable-confirm" value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus spellCheck={false} />
        <div className="actions">
          <button type="submit" className="button-danger" disabled={typed !== mount.path || disable.isPending}>
            Disable and delete data
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
        <ErrorNotice error={disable.error} title="Could not disable" />
      </form>
    </Dialog>
  );
}
