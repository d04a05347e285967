/**
 * Vault's request and response as the rest of Strongroom sees them: plain objects, parsed JSON,
 * durations with their unit in the name. Only `translation.ts` turns these into wire messages.
 */

/** Operation strings of `logical.Request.operation`. */
export type VaultOperation =
  | 'create'
  | 'read'
  | 'update'
  | 'patch'
  | 'delete'
  | 'list'
  | 'help'
  | 'alias-lookahead'
  | 'resolve-role'
  | 'header'
  | 'rollback'
  | 'renew'
  | 'revoke'
  | 'recover';

/**
 * A lease as Vault carries it. Durations are Go `time.Duration`, i.e. integer nanoseconds, kept as
 * bigint because 2^53 ns is only 104 days. `ttlSeconds` is the same TTL in whole seconds (rounded
 * down), which is what users and the lease manager talk in.
 */
export interface VaultLease {
  ttlNs: bigint;
  ttlSeconds: number;
  maxTtlNs: bigint;
  incrementNs: bigint;
  renewable: boolean;
  /** `undefined` for Go's zero time (never issued). */
  issueTime: Date | undefined;
}

export interface VaultSecret {
  lease: VaultLease;
  /** Kept by the host for renew/revoke; never shown to users. */
  internalData: Record<string, unknown> | null;
  leaseId: string;
}

export interface VaultRequest {
  /** Request UUID, for logs and correlation. */
  id: string;
  operation: VaultOperation;
  /** Relative to the mount. */
  path: string;
  data?: Record<string, unknown> | null;
  /** e.g. `kv/` */
  mountPoint: string;
  mountType?: string;
  mountAccessor?: string;
  headers?: Record<string, string[]>;
  /** For renew/revoke: the secret issued earlier. */
  secret?: VaultSecret;
  /** Salted and hashed, never the raw token. */
  clientToken?: string;
  clientTokenAccessor?: string;
  displayName?: string;
  entityId?: string;
  unauthenticated?: boolean;
}

export interface VaultResponseWrapInfo {
  ttlNs: bigint;
  token: string;
  accessor: string;
  creationTime: Date | undefined;
  creationPath: string;
  format: string;
}

export interface VaultResponse {
  data: Record<string, unknown> | null;
  secret: VaultSecret | undefined;
  warnings: string[];
  redirect: string;
  headers: Record<string, string[]>;
  wrapInfo: VaultResponseWrapInfo | undefined;
  mountType: string;
  /** Auth backends only; passed through untranslated beyond its parsed internal data. */
  auth: Record<string, unknown> | undefined;
}

/** Vault's special paths; patterns match exactly, by prefix with a trailing `*`, `+` = one segment. */
export interface VaultSpecialPaths {
  root: string[];
  unauthenticated: string[];
  localStorage: string[];
  sealWrapStorage: string[];
}

/** `logical.BackendType`. */
export type VaultBackendType = 'unknown' | 'secret' | 'auth';

export interface ExistenceCheckResult {
  /** false when the path has no existence check (the request stays an update). */
  checkFound: boolean;
  exists: boolean;
}
