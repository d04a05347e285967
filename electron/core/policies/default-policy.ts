/**
 * The `default` policy as a new store holds it: the same rules as Vault's and OpenBao's built-in
 * default (a token may look itself up, renew and revoke itself, ask its own capabilities, renew and
 * look up leases, use its cubbyhole, wrap and unwrap, hash), in Strongroom's words. It may be
 * edited but not deleted; `root` is never stored.
 */
export const DEFAULT_POLICY_NAME = 'default';
export const ROOT_POLICY_NAME = 'root';

export const DEFAULT_POLICY_TEXT = `
# A token may read its own properties
path "auth/token/lookup-self" {
    capabilities = ["read"]
}

# A token may extend its own life
path "auth/token/renew-self" {
    capabilities = ["update"]
}

# A token may end itself
path "auth/token/revoke-self" {
    capabilities = ["update"]
}

# A token may ask what it may do on a path
path "sys/capabilities-self" {
    capabilities = ["update"]
}

# A token may read its own identity entity, by id or by name
path "identity/entity/id/{{identity.entity.id}}" {
  capabilities = ["read"]
}
path "identity/entity/name/{{identity.entity.name}}" {
  capabilities = ["read"]
}

# A token may read the rules that apply to it (for UIs)
path "sys/internal/ui/resultant-acl" {
    capabilities = ["read"]
}

# A token may renew a lease it knows the id of
path "sys/leases/renew" {
    capabilities = ["update"]
}

# A token may look up a lease it knows the id of
path "sys/leases/lookup" {
    capabilities = ["update"]
}

# A token has its own cubbyhole
path "cubbyhole/*" {
    capabilities = ["create", "read", "update", "delete", "list"]
}

# A token may wrap a value in a response-wrapping token
path "sys/wrapping/wrap" {
    capabilities = ["update"]
}

# A token may look up a wrapping token's creation time and TTL
path "sys/wrapping/lookup" {
    capabilities = ["update"]
}

# A token may unwrap a wrapping token
path "sys/wrapping/unwrap" {
    capabilities = ["update"]
}

# A token may use the hashing tools
path "sys/tools/hash" {
    capabilities = ["update"]
}
path "sys/tools/hash/*" {
    capabilities = ["update"]
}

# A token may call an OIDC provider's authorization endpoint
path "identity/oidc/provider/+/authorize" {
    capabilities = ["read", "update"]
}
`;
