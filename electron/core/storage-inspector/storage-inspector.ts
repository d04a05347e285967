/**
 * The storage inspector's reads: a mount's raw storage through its storage view (the same
 * `logical/<mount uuid>/` scoping and key rules its plugin gets), and the captured diffs of its
 * requests (`storage-capture.ts`). Only plugin mounts: the built-in backends keep their records
 * under `core/`, which is not a mount's storage.
 */
import type {
  StorageCaptureState,
  StorageDiffValue,
  StorageDiffView,
  StorageListEntry,
  StorageListPage,
  StorageValueView,
} from '../../common/contract/storage-inspector';
import type { Storage } from '../../storage';
import { CoreError } from '../core-errors';
import { normaliseMountPath, SYSTEM_MOUNT_PATH } from '../mounts/mount-path';
import type { MountEntry, MountTable } from '../mounts/mount-table';
import type { StorageCapture } from './storage-capture';
import { storedValue } from './stored-value';

export class StorageInspector {
  constructor(
    private readonly table: MountTable,
    private readonly storage: Storage,
    private readonly capture: StorageCapture,
  ) {}

  /** The mount a contract call names, refused with how to fix it when it is not a plugin mount. */
  mount(path: string): MountEntry {
    const normalised = normaliseMountPath(path);
    if (normalised === SYSTEM_MOUNT_PATH || normalised === 'auth/token/') {
      throw new CoreError(
        'mount_not_found',
        `"${normalised}" is a built-in backend whose records are Strongroom's own (under core/), not a mount's storage. Name a plugin mount (see the Mounts page).`,
        { path: normalised },
      );
    }
    return this.table.require(normalised);
  }

  /** Vault's `sys/raw` path of a key of the mount, as the audit log shows the inspector's calls. */
  rawPath(mount: MountEntry, key: string): string {
    return `raw/logical/${mount.uuid}/${key}`;
  }

  async list(mount: MountEntry, prefix: string, after: string | undefined, limit: number): Promise<StorageListPage> {
    const view = this.storage.mountView(mount.uuid);
    const names = await view.list(prefix);
    const start = after === undefined ? 0 : names.findIndex((name) => name > after);
    const page = start < 0 ? [] : names.slice(start, start + limit);
    const entries: StorageListEntry[] = [];
    for (const name of page) {
      const key = prefix + name;
      const folder = name.endsWith('/');
      const bytes = folder ? null : ((await view.get(key))?.value.byteLength ?? null);
      entries.push({ key, name, folder, bytes });
    }
    const more = start >= 0 && start + limit < names.length;
    return { mount: mount.path, prefix, entries, nextCursor: more ? (page.at(-1) ?? null) : null };
  }

  async read(mount: MountEntry, key: string): Promise<StorageValueView> {
    const entry = await this.storage.mountView(mount.uuid).get(key);
    if (entry === undefined) {
      throw new CoreError('not_found', `Nothing is stored at "${key}" in ${mount.path}. List the mount's storage to see its keys.`, { httpStatus: 404, path: mount.path + key });
    }
    return { mount: mount.path, key, bytes: entry.value.byteLength, value: storedValue(entry.value) };
  }

  setCapture(mount: MountEntry, enabled: boolean): StorageCaptureState {
    this.capture.setEnabled(mount.uuid, enabled);
    return this.captureState(mount);
  }

  captureState(mount: MountEntry): StorageCaptureState {
    return { mount: mount.path, enabled: this.capture.isEnabled(mount.uuid) };
  }

  diff(requestId: string): StorageDiffView {
    const captured = this.capture.request(requestId);
    if (captured === undefined) return { requestId, captured: false, mount: null, changes: [] };
    const changes = [...captured.changes.values()]
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((change) => ({
        key: change.key,
        op: change.op,
        beforeBytes: change.before?.byteLength ?? null,
        afterBytes: change.after?.byteLength ?? null,
        ...(change.concurrent ? { concurrent: true as const } : {}),
      }));
    return { requestId, captured: true, mount: this.table.get(captured.mountUuid)?.path ?? null, changes };
  }

  /** The captured request and change a diffValue names, for the audit's path; refused when not captured. */
  capturedChange(requestId: string, key: string): { mount: MountEntry; before: Uint8Array | null; after: Uint8Array | null } {
    const captured = this.capture.request(requestId);
    const change = captured?.changes.get(key);
    const mount = captured === undefined ? undefined : this.table.get(captured.mountUuid);
    if (captured === undefined || change === undefined || mount === undefined) {
      throw new CoreError(
        'not_found',
        `Request ${requestId} has no captured change of "${key}". Turn capture on for the mount and send the request again; only the last 32 captured requests are kept.`,
        { httpStatus: 404, requestId, key },
      );
    }
    return { mount, before: change.before, after: change.after };
  }

  diffValue(requestId: string, key: string): StorageDiffValue {
    const { before, after } = this.capturedChange(requestId, key);
    return { requestId, key, before: before === null ? null : storedValue(before), after: after === null ? null : storedValue(after) };
  }
}
