/** `sys/leases/…`: lookup, list, renew, revoke, revoke-prefix, declared like plugin paths. */
import type { FieldData, FieldSchema, SystemPath } from './declare';
import { CoreError } from '../core-errors';
import { ttlSeconds } from './fields';
import type { SystemBackendDeps } from './system-deps';

const LEASE_ID: FieldSchema = { type: 'string', description: 'The lease id, e.g. "hello/ticket/world/2f6c…" (see Leases).' };
const URL_LEASE_ID: FieldSchema = { type: 'string', description: 'The lease id, given in the path instead of the body.' };

/** The lease id from the path, else from the body; an error that says where to give it. */
function leaseIdOf(data: FieldData): string {
  const fromPath = data.getOk<string>('url_lease_id');
  const id = fromPath !== undefined && fromPath !== '' ? fromPath : data.get<string>('lease_id');
  if (id === '') {
    throw new CoreError('invalid_request', 'The field "lease_id" is required: give the lease id in the body, or at the end of the path (e.g. sys/leases/renew/<lease id>).', { httpStatus: 400 });
  }
  return id;
}

export function leasePaths(deps: SystemBackendDeps): SystemPath[] {
  const lookup = async (data: FieldData) => {
    const lease = deps.leases.lookup(leaseIdOf(data));
    return { data: { id: lease.leaseId, issue_time: lease.issueTime, expire_time: lease.expireTime, last_renewal: lease.lastRenewalTime, renewable: lease.renewable, ttl: lease.ttlSeconds } };
  };
  const renew = async (data: FieldData) => {
    const lease = await deps.leases.renew(leaseIdOf(data), ttlSeconds(data.raw['increment'], 'increment'));
    return { data: { lease_id: lease.leaseId, lease_duration: lease.ttlSeconds, renewable: lease.renewable } };
  };
  const revoke = async (data: FieldData) => {
    await deps.leases.revoke(leaseIdOf(data));
    return null;
  };
  const renewFields = { lease_id: LEASE_ID, increment: { type: 'duration', description: 'The extension asked for, e.g. "1h" or 3600; 0 lets the plugin choose.' } } as const;
  return [
    {
      pattern: 'leases/lookup',
      fields: { lease_id: { ...LEASE_ID, required: true } },
      helpSynopsis: "Read a lease's issue, expiry and last renewal times and its TTL.",
      operations: {
        update: { summary: 'Look up a lease.', handler: lookup },
        read: { summary: 'Look up a lease (lease_id as a query parameter).', handler: lookup },
      },
    },
    {
      pattern: 'leases/lookup/{prefix*}',
      fields: { prefix: { type: 'string', description: 'The lease id prefix to list under, e.g. "hello/ticket/".' } },
      helpSynopsis: 'List the lease ids under a prefix, one level at a time.',
      operations: {
        list: {
          summary: 'List lease ids under a prefix.',
          handler: async (data) => {
            const prefix = data.get<string>('prefix');
            const folder = prefix.endsWith('/') || prefix === '' ? prefix : `${prefix}/`;
            const ids = deps.leases.list({ prefix: folder, limit: 1000 }).leases.map((lease) => lease.leaseId.slice(folder.length));
            return { data: { keys: [...new Set(ids.map((rest) => (rest.includes('/') ? rest.slice(0, rest.indexOf('/') + 1) : rest)))] } };
          },
        },
      },
    },
    { pattern: 'leases/renew', fields: renewFields, helpSynopsis: 'Renew a lease: ask the plugin for more time.', operations: { update: { summary: 'Renew a lease.', handler: renew } } },
    {
      pattern: 'leases/renew/{url_lease_id*}',
      fields: { ...renewFields, url_lease_id: URL_LEASE_ID },
      helpSynopsis: 'Renew the lease named in the path.',
      operations: { update: { summary: 'Renew a lease.', handler: renew } },
    },
    {
      pattern: 'leases/revoke-prefix/{prefix*}',
      fields: { prefix: { type: 'string', description: 'Every lease whose id starts with this is revoked, e.g. "hello/ticket/".' } },
      helpSynopsis: 'Revoke every lease under a prefix.',
      operations: { update: { summary: 'Revoke leases under a prefix.', handler: async (data) => ({ data: { revoked: await deps.leases.revokePrefix(data.get<string>('prefix')) } }) } },
    },
    { pattern: 'leases/revoke', fields: { lease_id: LEASE_ID }, helpSynopsis: 'Revoke a lease now: the plugin undoes what issuing did.', operations: { update: { summary: 'Revoke a lease.', handler: revoke } } },
    {
      pattern: 'leases/revoke/{url_lease_id*}',
      fields: { lease_id: LEASE_ID, url_lease_id: URL_LEASE_ID },
      helpSynopsis: 'Revoke the lease named in the path.',
      operations: { update: { summary: 'Revoke a lease.', handler: revoke } },
    },
  ];
}
