/**
 * Auth methods, as Vault's framework serves them: a login path (listed in `specialPaths.
 * unauthenticated`, so the host lets it through without a token) answers `{ auth }`; the host
 * makes a token from it. When that token is renewed the host sends a `renew` request for the
 * login path carrying the Auth it stored (`req.auth`), and the backend's `authRenew` decides:
 * answer `renewedAuth(req, …)` to extend it, an error to refuse. Tokens are revoked by the host
 * alone: no request reaches the plugin for that.
 */
import { errorResponse } from './responses';
import type { HandlerContext, PluginRequest, PluginResponse } from './types';

/** Vault's `logical.TokenType`, by name (0 … 4 on the wire). */
export const TOKEN_TYPES = ['default', 'service', 'batch', 'default-service', 'default-batch'] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

/** Who the caller is to the auth method (`logical.Alias`): the host ties it to an identity entity. */
export interface AuthAlias {
  /** The name the auth source knows the caller by (the username, the JWT's subject…). */
  name: string;
  metadata?: Record<string, string>;
  /** Filled in by the host; carried back unchanged on renew. */
  mountType?: string;
  mountAccessor?: string;
  id?: string;
  namespaceId?: string;
  customMetadata?: Record<string, string>;
  local?: boolean;
  externalId?: string;
  issuer?: string;
}

/**
 * What a login answers (`logical.Auth`). TTLs in seconds; 0 or absent: the mount's default.
 * The fields under "set by the host" arrive in `req.auth` on renew and `renewedAuth` carries
 * them back, as Go plugins answer `&logical.Response{Auth: req.Auth}`.
 */
export interface ResponseAuth {
  /** All the token's policies; Vault adds `default` unless `noDefaultPolicy`. */
  policies?: string[];
  /** The policies that came from the auth method's own configuration (usually = `policies`). */
  tokenPolicies?: string[];
  identityPolicies?: string[];
  noDefaultPolicy?: boolean;
  ttlSeconds?: number;
  maxTtlSeconds?: number;
  /** A periodic token: never expires while renewed within this many seconds. */
  periodSeconds?: number;
  explicitMaxTtlSeconds?: number;
  renewable?: boolean;
  /** 0 or absent: unlimited. */
  numUses?: number;
  /** Shown in the token's `meta` and the audit log; the host passes it back on renew. */
  metadata?: Record<string, string>;
  /** Names the token (Vault prefixes it with the mount path: `userpass-alice`). */
  displayName?: string;
  /** Kept by the host, never shown: what renew needs to decide. JSON values only. */
  internalData?: Record<string, unknown>;
  alias?: AuthAlias;
  groupAliases?: AuthAlias[];
  /** IP addresses or CIDRs the token may be used from. */
  boundCidrs?: string[];
  tokenType?: TokenType;
  // Set by the host.
  clientToken?: string;
  accessor?: string;
  entityId?: string;
  /** On renew: the extension the caller asked for (0: none). */
  incrementSeconds?: number;
  issueTime?: Date;
}

/** The Auth a renew request carries back: what the login answered, as the host kept it. */
export type IssuedAuth = Required<Omit<ResponseAuth, 'alias' | 'issueTime' | 'tokenType'>> & {
  alias: AuthAlias | undefined;
  issueTime: Date | undefined;
  tokenType: TokenType;
};

/** The backend's answer to the renewal of a token it issued (Vault's `framework.Backend.AuthRenew`). */
export type AuthRenewHandler = (
  req: PluginRequest & { auth: IssuedAuth },
  ctx: Omit<HandlerContext, 'data'>,
) => Promise<PluginResponse | undefined> | PluginResponse | undefined;

/** Vault's framework, word for word, when a backend has no `authRenew`. */
export const AUTH_RENEW_UNSUPPORTED = "this auth type doesn't support renew";

/**
 * A renew handler's answer: the same Auth back, with new TTLs if given (absent: as issued). The
 * host computes the extension from the increment asked for, these values and the mount's limits.
 */
export function renewedAuth(
  req: { auth: IssuedAuth },
  lease: { ttlSeconds?: number; maxTtlSeconds?: number; periodSeconds?: number } = {},
): PluginResponse {
  return { auth: { ...req.auth, ...definedOnly(lease) } };
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** A renew request that carries an Auth: the token the backend issued is being renewed. */
export async function handleAuthRenew(
  renew: AuthRenewHandler | undefined,
  req: PluginRequest & { auth: IssuedAuth },
  env: Omit<HandlerContext, 'data'>,
): Promise<PluginResponse | undefined> {
  if (renew === undefined) return errorResponse(AUTH_RENEW_UNSUPPORTED);
  return renew(req, env);
}

/** What the host keeps of a login's Auth, with every field present (for `testMount` and the wire). */
export function issuedAuth(auth: ResponseAuth): IssuedAuth {
  return {
    policies: auth.policies ?? [],
    tokenPolicies: auth.tokenPolicies ?? [],
    identityPolicies: auth.identityPolicies ?? [],
    noDefaultPolicy: auth.noDefaultPolicy ?? false,
    ttlSeconds: auth.ttlSeconds ?? 0,
    maxTtlSeconds: auth.maxTtlSeconds ?? 0,
    periodSeconds: auth.periodSeconds ?? 0,
    explicitMaxTtlSeconds: auth.explicitMaxTtlSeconds ?? 0,
    renewable: auth.renewable ?? false,
    numUses: auth.numUses ?? 0,
    metadata: auth.metadata ?? {},
    displayName: auth.displayName ?? '',
    internalData: auth.internalData ?? {},
    alias: auth.alias,
    groupAliases: auth.groupAliases ?? [],
    boundCidrs: auth.boundCidrs ?? [],
    tokenType: auth.tokenType ?? 'default',
    clientToken: auth.clientToken ?? '',
    accessor: auth.accessor ?? '',
    entityId: auth.entityId ?? '',
    incrementSeconds: auth.incrementSeconds ?? 0,
    issueTime: auth.issueTime,
  };
}
