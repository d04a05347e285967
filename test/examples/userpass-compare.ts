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
