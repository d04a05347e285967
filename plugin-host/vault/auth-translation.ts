/**
 * Vault's `pb.Auth` (and its `logical.Alias`) to and from the domain's `VaultAuth`, for
 * `translation.ts`: an auth plugin's login reply carries one, and an auth renewal sends it back
 * (Vault's `logical.RenewAuthRequest`), so every field survives the round trip. The token id
 * (`client_token`) is never sent: plugins learn a token's accessor only.
 */
import type { Auth } from '../gen/pb/backend';
import type { Alias } from '../gen/logical/identity';
import type { VaultAlias, VaultAuth } from './types';
import { leaseFromProto, leaseToProto, parseJsonObject } from './wire-values';

function aliasFromProto(alias: Alias): VaultAlias {
  return {
    mountType: alias.mount_type,
    mountAccessor: alias.mount_accessor,
    name: alias.name,
    id: alias.ID,
    namespaceId: alias.namespace_id,
    metadata: Object.fromEntries(alias.metadata),
    customMetadata: Object.fromEntries(alias.custom_metadata),
    local: alias.local,
    externalId: alias.external_id,
    issuer: alias.issuer,
  };
}

function aliasToProto(alias: VaultAlias): Alias {
  return {
    mount_type: alias.mountType,
    mount_accessor: alias.mountAccessor,
    name: alias.name,
    ID: alias.id,
    namespace_id: alias.namespaceId,
    metadata: new Map(Object.entries(alias.metadata)),
    custom_metadata: new Map(Object.entries(alias.customMetadata)),
    local: alias.local,
    external_id: alias.externalId,
    issuer: alias.issuer,
  };
}

export function authFromProto(auth: Auth | undefined): VaultAuth | undefined {
  if (auth === undefined) return undefined;
  return {
    lease: leaseFromProto(auth.lease_options),
    internalData: parseJsonObject(auth.internal_data),
    displayName: auth.display_name,
    policies: auth.policies,
    tokenPolicies: auth.token_policies,
    identityPolicies: auth.identity_policies,
    metadata: Object.fromEntries(auth.metadata),
    accessor: auth.accessor,
    periodNs: auth.period,
    explicitMaxTtlNs: auth.explicit_max_ttl,
    numUses: Number(auth.num_uses),
    entityId: auth.entity_id,
    alias: auth.alias === undefined ? undefined : aliasFromProto(auth.alias),
    groupAliases: auth.group_aliases.map(aliasFromProto),
    boundCidrs: auth.bound_cidrs,
    tokenType: auth.token_type,
    noDefaultPolicy: auth.no_default_policy,
  };
}

export function authToProto(auth: VaultAuth | undefined): Auth | undefined {
  if (auth === undefined) return undefined;
  return {
    lease_options: leaseToProto(auth.lease),
    // JSON text, never "": the Go side unmarshals it.
    internal_data: JSON.stringify(auth.internalData ?? null),
    display_name: auth.displayName,
    policies: auth.policies,
    metadata: new Map(Object.entries(auth.metadata)),
    client_token: '',
    accessor: auth.accessor,
    period: auth.periodNs,
    num_uses: BigInt(auth.numUses),
    entity_id: auth.entityId,
    alias: auth.alias === undefined ? undefined : aliasToProto(auth.alias),
    group_aliases: auth.groupAliases.map(aliasToProto),
    bound_cidrs: auth.boundCidrs,
    token_policies: auth.tokenPolicies,
    identity_policies: auth.identityPolicies,
    explicit_max_ttl: auth.explicitMaxTtlNs,
    token_type: auth.tokenType,
    no_default_policy: auth.noDefaultPolicy,
  };
}
