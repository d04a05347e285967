/**
 * The lease manager's way to its plugins: a renewal or revocation is sent to the mount's plugin as
 * a request and audited like any other, whether a person, a sys/ path or the expiry timer asked.
 */
import { randomUUID } from 'node:crypto';
import type { PluginRuntime } from '../plugins/plugin-runtime';
import type { RequestAudit } from '../router/request-audit';
import type { LeaseBackend } from './lease-manager';

export function auditedPluginLeaseBackend(plugins: PluginRuntime, audit: RequestAudit): LeaseBackend {
  return {
    call: async (mount, operation, record, secret) => {
      const requestId = randomUUID();
      const audited = { requestId, operation, mountPath: mount.path, mountType: mount.pluginName, path: mount.path + record.path };
      const { response } = await audit.around(
        audited,
        { lease_id: record.leaseId },
        () =>
          plugins.supervisor.request(mount.uuid, {
            id: requestId,
            operation,
            path: record.path,
            data: record.data,
            secret,
            mountType: mount.pluginName,
            mountAccessor: mount.accessor,
          }),
        ({ response }) => ({ data: response?.data ?? null, leaseId: record.leaseId }),
      );
      return response;
    },
  };
}
