import { z } from 'zod';
import { durationArg } from './mounts';

const leaseId = z.string().min(1).max(4096);

/** Leases: secrets with a TTL that the plugin can renew and must revoke when they expire. */
export const leasesMethods = {
  /** Ordered by lease id; `cursor` is the `nextCursor` of the previous page. */
  'leases.list': z
    .object({
      prefix: z.string().max(4096).optional(),
      cursor: z.string().max(4096).optional(),
      limit: z.number().int().min(1).max(1000).default(100),
    })
    .strict(),
  'leases.lookup': z.object({ leaseId }).strict(),
  /** Asks the plugin to extend the lease by `increment` (default: its TTL). Error `lease_not_renewable`. */
  'leases.renew': z.object({ leaseId, increment: durationArg.optional() }).strict(),
  /** The plugin revokes the secret, then the lease is forgotten. Error `lease_not_found`. */
  'leases.revoke': z.object({ leaseId }).strict(),
  /** Every lease whose id starts with `prefix` (e.g. a mount path). */
  'leases.revokePrefix': z.object({ prefix: z.string().min(1).max(4096) }).strict(),
} as const;

export interface LeaseView {
  /** `<mount path><path>/<uuid>`. */
  leaseId: string;
  mountPath: string;
  /** Full request path that issued the secret, mount included. */
  path: string;
  issueTime: string;
  expireTime: string;
  lastRenewalTime: string | null;
  /** Seconds left (0 once expired). */
  ttlSeconds: number;
  renewable: boolean;
}

export interface LeasesResults {
  'leases.list': { leases: LeaseView[]; nextCursor: string | null; total: number };
  'leases.lookup': LeaseView;
  'leases.renew': LeaseView;
  'leases.revoke': { revoked: string };
  'leases.revokePrefix': { revoked: string[] };
}

export interface LeasesEvents {
  /** The timer fired: the plugin was asked to revoke (`revoked`), or gave up after retries (`error`). */
  'leases.expired': { leaseId: string; path: string; expiredAt: string; revoked: boolean; error?: string };
  /** A lease was registered, renewed or forgotten (revoked, expired, or its mount went away), whoever asked. */
  'leases.changed': { leaseId: string; change: 'registered' | 'renewed' | 'revoked' };
}
