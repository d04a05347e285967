/**
 * `sys/leases/…`: lookup, list, renew, revoke, revoke-prefix, revoke-force, declared like plugin
 * paths and answering as OpenBao does: a lookup with `id`, `path`, times in RFC 3339 and `ttl`; a
 * renewal answers the plugin's data, its lease travelling as the reply's secret (the envelope's
 * `lease_id`, `lease_duration`, `renewable`); a prefix under `auth/token/` revokes the tokens created
 * there too (they are leases in Vault: `bao token revoke -mode=path`); revocations answer nothing, and revoking a lease that is gone is no error. (Vault's
 * old `sys/renew` and `sys/revoke` aliases are gone from OpenBao: it answers them 404, so do we.)
 */
import type { FieldData, FieldSchema, SystemPath } from './declare';
import { CodedError } from '../../../proto/wire/coded-error';
import { ContractError } from '../../common/errors';
import { CoreError } from '../core-errors';
import { ttlSeconds } from './fields';
import type { SystemBackendDeps } from './system-deps';

const LEASE_ID: FieldSchema = { type: 'string', description: 'The lease id, e.g. "hello/ticket/world/2f6c…" (see Leases).' };
const URL_LEASE_ID: FieldSchema = { type: 'string', description: 'The lease id, given in the path instead of the body.' };
const SYNC: FieldSchema = { type: 'bool', default: true, description: 'Vault: wait for the revocation (the default) or queue it. Strongroom always revokes before answering.' };

/** The lease id from the path, else from the body; an error that says where to give it. */
function leaseIdOf(data: FieldData): string {
  const fromPath = data.getOk<string>('url_lease_id');
  const id = fromPath !== undefined && fromPath !== '' ? fromPath : data.get<string>('lease_id');
  if (id === '') {
    throw new CoreError('invalid_request', 'The field "lease_id" is required: give the lease id in the body, or at the end of the path (e.g. sys/leases/renew/<lease id>).', { httpStatus: 400 });
  }
  return id;
}

/** Lease errors as Vault answers them: an unknown lease is a 400 ("invalid lease", "lease not found"). */
function asUserError(error: unknown): never {
  if (error instanceof CoreError && (error.code === 'lease_not_found' || error.code === 'lease_not_renewable')) {
    throw new CoreError(error.code, error.message, { ...error.detail, httpStatus: 400 });
  }
  throw error;
}

/** A plugin's own refusal of a revocation (it cannot revoke that secret): OpenBao answers it 400. */
const PLUGIN_REFUSALS: ReadonlySet<string> = new Set(['internal_error', 'user_error', 'unsupported_operation', 'unsupported_path', 'invalid_request', 'bad_request']);

/**
 * A revocation the plugin refused is a 400, as OpenBao answers ("failed to revoke entry"): the
 * lease stays, and retrying will not help (clients retry a 5xx), revoke-force drops it.
 */
function revokeRefused(error: unknown): never {
  if (error instanceof CodedError && PLUGIN_REFUSALS.has(error.code) && (error.detail?.['httpStatus'] ?? 500) === 500) {
    throw new ContractError(error.code, `${error.message} (the lease stays: use revoke-force to forget it)`, { ...error.detail, httpStatus: 400 });
  }
  throw error;
}

export function leasePaths(deps: SystemBackendDeps): SystemPath[] {
  /**
   * In Vault a token with a TTL is a lease named by the path that created it, so revoking a prefix
   * under `auth/token/…` revokes those tokens, each with its tree (`bao token revoke -mode=path`);
   * tokens that never expire have no lease and stay. Answered once their own leases are revoked too.
   */
  const revokeTokensUnder = async (prefix: string) => {
    deps.tokens.revokeCreatedUnder(prefix, true);
    await deps.tokens.revocations.settled();
  };
  const lookup = async (data: FieldData) => {
    try {
      const lease = deps.leases.lookup(leaseIdOf(data));
      return {
        data: { id: lease.leaseId, path: lease.path, issue_time: lease.issueTime, expire_time: lease.expireTime, last_renewal: lease.lastRenewalTime, renewable: lease.renewable, ttl: lease.ttlSeconds },
      };
    } catch (error) {
      return asUserError(error);
    }
  };
  const listUnder = async (data: FieldData) => {
    const prefix = data.getOk<string>('prefix') ?? '';
    const folder = prefix.endsWith('/') || prefix === '' ? prefix : `${prefix}/`;
    const ids = deps.leases.list({ prefix: folder, limit: 1000 }).leases.map((lease) => lease.leaseId.slice(folder.length));
    const keys = [...new Set(ids.map((rest) => (rest.includes('/') ? rest.slice(0, rest.indexOf('/') + 1) : rest)))].sort();
    // No keys is Vault's 404, as for any list.
    return keys.length === 0 ? null : { data: { keys } };
  };
  const renew = async (data: FieldData) => {
    try {
      const { lease, data: renewed } = await deps.leases.renewWithReply(leaseIdOf(data), ttlSeconds(data.raw['increment'], 'increment'));
      // The TTL granted (Vault's lease_duration), not the whole seconds left a moment later.
      const granted = Math.max(0, Math.round((Date.parse(lease.expireTime) - Date.now()) / 1000));
      return { data: renewed, secret: { leaseId: lease.leaseId, ttlSeconds: granted, renewable: lease.renewable } };
    } catch (error) {
      return asUserError(error);
    }
  };
  const revoke = async (data: FieldData) => {
    try {
      await deps.leases.revoke(leaseIdOf(data));
    } catch (error) {
      // Vault answers 204 for a lease that does not exist (any more): the caller wanted it gone.
      if (!(error instanceof CoreError && error.code === 'lease_not_found')) revokeRefused(error);
    }
    return null;
  };
  const renewFields = { lease_id: LEASE_ID, increment: { type: 'duration', description: 'The extension asked for, e.g. "1h" or 3600; 0 lets the plugin choose.' } } as const;
  const prefixField: FieldSchema = { type: 'string', description: 'Every lease whose id starts with this is revoked, e.g. "hello/ticket/".' };
  return [
    {
      pattern: 'leases/lookup',
      fields: { lease_id: { ...LEASE_ID, required: true } },
      helpSynopsis: "Read a lease's issue, expiry and last renewal times and its TTL; LIST the top-level lease id prefixes.",
      operations: {
        update: { summary: 'Look up a lease.', handler: lookup },
        read: { summary: 'Look up a lease (lease_id as a query parameter).', handler: lookup },
        list: { summary: 'List the top-level lease id prefixes.', handler: listUnder },
      },
    },
    {
      pattern: 'leases/lookup/{prefix*}',
      fields: { prefix: { type: 'string', description: 'The lease id prefix to list under, e.g. "hello/ticket/".' } },
      helpSynopsis: 'List the lease ids under a prefix, one level at a time.',
      operations: { list: { summary: 'List lease ids under a prefix.', handler: listUnder } },
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
      fields: { prefix: prefixField, sync: SYNC },
      helpSynopsis: 'Revoke every lease under a prefix.',
      operations: {
        update: {
          summary: 'Revoke leases under a prefix.',
          handler: async (data) => {
            await revokeTokensUnder(data.get<string>('prefix'));
            await deps.leases.revokePrefix(data.get<string>('prefix'));
            return null;
          },
        },
      },
    },
    {
      pattern: 'leases/revoke-force/{prefix*}',
      fields: { prefix: prefixField },
      helpSynopsis: 'Revoke every lease under a prefix, forgetting those whose plugin fails to revoke them.',
      helpDescription: 'For a plugin that can no longer revoke (its backend is gone): the secrets it issued may stay valid where they were issued.',
      operations: {
        update: {
          summary: 'Revoke leases under a prefix, ignoring plugin errors.',
          handler: async (data) => {
            await revokeTokensUnder(data.get<string>('prefix'));
            await deps.leases.revokeForce(data.get<string>('prefix'));
            return null;
          },
        },
      },
    },
    { pattern: 'leases/revoke', fields: { lease_id: LEASE_ID, sync: SYNC }, helpSynopsis: 'Revoke a lease now: the plugin undoes what issuing did.', operations: { update: { summary: 'Revoke a lease.', handler: revoke } } },
    {
      pattern: 'leases/revoke/{url_lease_id*}',
      fields: { lease_id: LEASE_ID, url_lease_id: URL_LEASE_ID, sync: SYNC },
      helpSynopsis: 'Revoke the lease named in the path.',
      operations: { update: { summary: 'Revoke a lease.', handler: revoke } },
    },
  ];
}
