/**
 * What two hosts' (or two plugins') replies must share: status and body, with what differs by
 * nature masked (ids, tokens, accessors, clocks) and the mount name made the same, so everything
 * else (policies, metadata, TTLs, errors, warnings, field names) is compared as it came.
 */
export interface Reply {
  status: number;
  body: Record<string, unknown> | null;
}

/** Fields that differ between any two logins: a non-empty value becomes `<set>`, an empty one stays. */
const VOLATILE = new Set(['request_id', 'client_token', 'accessor', 'entity_id', 'id', 'creation_time', 'expire_time', 'issue_time', 'last_renewal', 'last_renewal_time', 'ttl']);

function mask(value: unknown, mountName: string): unknown {
  if (typeof value === 'string') return value.split(mountName).join('<mount>');
  if (Array.isArray(value)) return value.map((item) => mask(item, mountName));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, VOLATILE.has(key) && item !== '' && item !== null && item !== 0 ? '<set>' : mask(item, mountName)]),
  );
}

/** The reply of the mount named `mountName`, with that name replaced by `<mount>` wherever it shows. */
export function comparableReply(reply: Reply, mountName: string): Reply {
  return { status: reply.status, body: mask(reply.body, mountName) as Reply['body'] };
}

/** Strongroom's ending of a refused renewal, around the plugin's own reason (`electron/core/tokens/login-tokens.ts`). */
export const refusedByStrongroom = (reason: string) => `failed to renew entry: ${reason}. The auth method refused the renewal, so the token has been revoked: log in again.`;

/** `entity_id` at any depth: OpenBao makes an identity entity per login, Strongroom has no identity store (root README). */
export function entityIds(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(entityIds);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => (key === 'entity_id' ? [item] : entityIds(item)));
}

function withoutEntityIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEntityIds);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'entity_id').map(([key, item]) => [key, withoutEntityIds(item)]));
}

/**
 * The same plugin's reply from OpenBao or from Strongroom, made comparable across the two hosts:
 * `comparableReply`, without `entity_id` (check it with `entityIds`), the host's version in an
 * OpenAPI document masked, and Strongroom's envelope
 * without `mount_type`, which it carries as Vault 1.15+ does and OpenBao 2.7.2 never sends
 * (`electron/vault-api/README.md`).
 */
export function hostComparableReply(reply: Reply, mountName: string, host: 'openbao' | 'strongroom'): Reply {
  const { mount_type: _mountType, ...rest } = reply.body ?? {};
  let body = host === 'strongroom' && reply.body !== null ? rest : reply.body;
  // A plugin's OpenAPI names the host's version (its PluginEnv): OpenBao's own, or the Vault version Strongroom reports.
  const openapi = body?.['openapi'] as { info?: Record<string, unknown> } | undefined;
  if (openapi?.info !== undefined) body = { ...body, openapi: { ...openapi, info: { ...openapi.info, version: '<host version>' } } };
  return comparableReply({ status: reply.status, body: withoutEntityIds(body) as Reply['body'] }, mountName);
}
