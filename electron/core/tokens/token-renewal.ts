/**
 * What renewing a token changes, as Vault's token renew decides it: refused when the token does
 * not expire, has expired or is not renewable; otherwise Vault's `CalculateTTL` from now, within
 * the token's (or its role's) period and explicit max TTL, or, for a login's token, the limits its
 * auth plugin answered the renewal with (`login-tokens.ts`).
 */
import { CoreError } from '../core-errors';
import { calculateTokenTtl, renewRefusal, type LoginRecord, type TokenRecord, type TtlRequest } from './token-entry';

/** What an auth plugin's renewal answered, applied in place of the token's own TTLs. */
export type PluginRenewal = Partial<Pick<TtlRequest, 'period' | 'explicitMaxTtl' | 'backendTtl' | 'backendMaxTtl' | 'mountDefaultTtl' | 'mountMaxTtl'>> & { login?: LoginRecord };

/** The token's period and explicit max TTL for this renewal (a role's current ones for a role's token). */
export interface RenewalLimits {
  period: number;
  explicitMaxTtl: number;
}

export function renewal(record: TokenRecord, increment: number, now: number, limits: RenewalLimits, answer?: PluginRenewal): { change: Partial<TokenRecord>; warnings: string[] } {
  const refuse = (reason: string) => new CoreError('token_not_renewable', `${reason}: create a new token instead.`, { httpStatus: 400 });
  const refusal = renewRefusal(record, now);
  if (refusal !== undefined) throw refuse(refusal);
  const { login, ...fromPlugin } = answer ?? {};
  const grant = calculateTokenTtl({ increment, backendTtl: record.leaseTtl, ...limits, start: record.creationTime, now, ...fromPlugin });
  if (!grant.ok) throw refuse(grant.problem);
  const change: Partial<TokenRecord> = {
    leaseTtl: grant.ttl,
    period: fromPlugin.period ?? record.period,
    expireTime: Math.floor(now / 1000) * 1000 + grant.ttl * 1000,
    lastRenewalTime: now,
    ...(login === undefined ? {} : { login }),
  };
  return { change, warnings: grant.warnings };
}
