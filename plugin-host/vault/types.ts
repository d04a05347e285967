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
  /** For an auth renewal: what the login granted, as the plugin answered it (and as renewals left it). */
  auth?: VaultAuth;
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
  /** Auth backends only: what a login (or an auth renewal) grants. */
  auth: VaultAuth | undefined;
}

/** Vault's `logical.Alias`: who logged in, in the auth method's own terms. */
export interface VaultAlias {
  mountType: string;
  mountAccessor: string;
  name: string;
  id: string;
  namespaceId: string;
  metadata: Record<string, string>;
  customMetadata: Record<string, string>;
  local: boolean;
  externalId: string;
  issuer: string;
}

/**
 * Vault's `logical.Auth`: what an auth plugin's login reply grants, and what an auth renewal sends
 * back to it. `lease` holds the TTL, max TTL and the renewal's increment; durations are Go's ns.
 */
export interface VaultAuth {
  lease: VaultLease;
  /** Kept by the host for renewals; never shown to users. */
  internalData: Record<string, unknown> | null;
  displayName: string;
  policies: string[];
  tokenPolicies: string[];
  identityPolicies: string[];
  metadata: Record<string, string>;
  /** Set by the host on a renewal (the token's accessor); the token id never goes to a plugin. */
  accessor: string;
  periodNs: bigint;
  explicitMaxTtlNs: bigint;
  numUses: number;
  entityId: string;
  alias: VaultAlias | undefined;
  groupAliases: VaultAlias[];
  boundCidrs: string[];
  /** `logical.TokenType`: 0 default, 1 service, 2 batch, 3 default-service, 4 default-batch. */
  tokenType: number;
  noDefaultPolicy: boolean;
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
