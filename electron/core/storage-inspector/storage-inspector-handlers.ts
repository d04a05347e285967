/**
 * The storage inspector's contract methods. Reads of a mount's storage, and of a captured diff's
 * values, are audited as Vault's `sys/raw` requests over the same keys (the values HMAC'd like
 * every response); turning capture on or off as `update sys/config/storage-capture/<mount>`.
 * Sealed, every one answers `sealed` before it runs (`app-services.ts`).
 */
import type { ContractHandlers } from '../../common/contract';
import type { StorageInspectorMethodName } from '../../common/contract/storage-inspector';
import type { CoreRuntime } from '../core-runtime';

export function storageInspectorHandlers(core: () => CoreRuntime): Pick<ContractHandlers, StorageInspectorMethodName> {
  const inspector = () => core().storageInspector;
  return {
    'storage.list': async ({ mount: path, prefix, after, limit }) => {
      const mount = inspector().mount(path);
      return core().adminChanges.aroundRead('list', inspector().rawPath(mount, prefix), { prefix, after, limit }, () => inspector().list(mount, prefix, after, limit), (page) => ({
        keys: page.entries.map((entry) => entry.name),
      }));
    },
    'storage.read': async ({ mount: path, key }) => {
      const mount = inspector().mount(path);
      return core().adminChanges.aroundRead('read', inspector().rawPath(mount, key), null, () => inspector().read(mount, key), (view) => ({ value: view.value }));
    },
    'storage.capture': async ({ mount: path, enabled }) => {
      const mount = inspector().mount(path);
      return core().adminChanges.around('update', `config/storage-capture/${mount.path}`, { enabled }, () => inspector().setCapture(mount, enabled));
    },
    'storage.captureState': async ({ mount }) => inspector().captureState(inspector().mount(mount)),
    'storage.diff': async ({ requestId }) => inspector().diff(requestId),
    'storage.diffValue': async ({ requestId, key }) => {
      const { mount } = inspector().capturedChange(requestId, key);
      return core().adminChanges.aroundRead('read', inspector().rawPath(mount, key), { requestId }, () => inspector().diffValue(requestId, key), (value) => ({
        before: value.before,
        after: value.after,
      }));
    },
  };
}
