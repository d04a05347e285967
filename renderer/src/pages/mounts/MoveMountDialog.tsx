/** Move a mount to another path; its data stays, its leases are revoked (as in Vault). */
import { useState, type FormEvent } from 'react';
import type { MountView } from '../../../../electron/common/contract/mounts';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useContractMutation } from '../../client/use-contract';

export function MoveMountDialog({ mount, onClose }: { mount: MountView; onClose: () => void }) {
  const move = useContractMutation('mounts.move', ['mounts.list', 'plugins.status']);
  const [to, setTo] = useState(mount.path);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    move.mutate({ from: mount.path, to }, { onSuccess: onClose });
  };
  return (
    <Dialog title={`Move ${mount.path}`} open onClose={onClose}>
      <form className="form-grid" onSubmit={submit}>
        <label htmlFor="move-to">New path</label>
        <input id="move-to" value={to} onChange={(e) => setTo(e.target.value)} autoFocus spellCheck={false} />
        <p className="muted span-2">The data moves with the mount. Leases issued under {mount.path} are revoked.</p>
        <div className="span-2 actions">
          <button type="submit" className="button-primary" disabled={move.isPending || to === mount.path}>
            Move
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
        <ErrorNotice error={move.error} title="Could not move" />
      </form>
    </Dialog>
  );
}
