/**
 * The token role paths of the built-in `auth/token/` backend: `roles/` (LIST), `roles/<name>`
 * (read, write, delete) and `create/<name>` (a token made against the role), with OpenBao 2.7.2's
 * fields, statuses and messages (`vault/token_store.go`). Declared apart from `token-paths.ts` and
 * appended to its paths by `token-backend.ts`.
 */
import { CoreError } from '../core-errors';
import type { FieldData, FieldSchema, RequestContext, SystemPath, SystemReply } from '../sys/declare';
import { CREATE_FIELDS, callerHasSudo, missingPolicyWarnings, tokenCreateRequest } from './token-paths';
import { roleView, writeRole } from './token-role';
import { applyRole } from './token-role-grant';
import type { TokenStore } from './token-store';
import { tokenAuth } from './token-views';

const POLICY_LIST = (what: string): FieldSchema => ({ type: 'commaStringSlice', description: what });
const DEPRECATED = (instead: string): FieldSchema => ({ type: 'duration', description: `Use '${instead}' instead.`, deprecated: true });

const ROLE_FIELDS: Record<string, FieldSchema> = {
  role_name: { type: 'nameString', description: 'Name of the role.' },
  allowed_policies: POLICY_LIST('Policies a token made with this role may have; none asked for gives all of them. Without allowed or disallowed lists the token inherits as a plain create does.'),
  disallowed_policies: POLICY_LIST('Policies a token made with this role may never have ("default" here stops it being added).'),
  allowed_policies_glob: POLICY_LIST('Like allowed_policies, as globs ("app-*").'),
  disallowed_policies_glob: POLICY_LIST('Like disallowed_policies, as globs.'),
  orphan: { type: 'bool', description: 'Tokens made with this role are orphans: revoking their creator does not revoke them.' },
  renewable: { type: 'bool', default: true, description: 'Whether tokens made with this role may be renewed.' },
  path_suffix: { type: 'string', description: 'Appended to the tokens\' path (auth/token/create/<role>/<suffix>), e.g. "v1-0", to revoke one revision of tokens by prefix.' },
  token_period: { type: 'duration', description: 'Tokens made with this role are periodic: each renewal grants this TTL.' },
  token_explicit_max_ttl: { type: 'duration', description: 'A hard limit on the life of tokens made with this role, checked at each renewal.' },
  token_num_uses: { type: 'int', description: 'The most uses a token made with this role may have (0: unlimited).' },
  token_no_default_policy: { type: 'bool', description: 'Do not add the "default" policy to tokens made with this role.' },
  token_type: { type: 'string', description: 'Only "service" or "default-service" (the default): batch tokens are not supported.' },
  token_bound_cidrs: { type: 'commaStringSlice', description: 'Not supported (the API listens on loopback only): leave it empty.' },
  bound_cidrs: { type: 'commaStringSlice', description: "Use 'token_bound_cidrs' instead.", deprecated: true },
  period: DEPRECATED('token_period'),
  explicit_max_ttl: DEPRECATED('token_explicit_max_ttl'),
  allowed_entity_aliases: { type: 'commaStringSlice', description: 'Entity aliases a token made with this role may name (kept; creating with an entity_alias is not supported).' },
};

function checkRoleCreate(data: FieldData): void {
  if (data.get<string>('entity_alias') !== '') {
    throw new CoreError('invalid_request', "'entity_alias' is not supported: tokens here have no identity entities; leave it empty.", { httpStatus: 400 });
  }
  const type = data.get<string>('type');
  if (type !== '' && type !== 'service') throw new CoreError('invalid_request', `invalid 'token_type' value "${type}": only "service" tokens exist here.`, { httpStatus: 400 });
}

export function tokenRolePaths(tokens: TokenStore, policyExists: (name: string) => boolean): SystemPath[] {
  const createAgainstRole = async (data: FieldData, _operation: unknown, context?: RequestContext): Promise<SystemReply> => {
    const name = data.get<string>('role_name');
    const role = tokens.roles.get(name);
    if (role === undefined) throw new CoreError('invalid_request', `unknown role ${name}: create it at auth/token/roles/${name}, or list auth/token/roles.`, { httpStatus: 400 });
    checkRoleCreate(data);
    const parent = context?.token;
    const parentPolicies = parent === undefined ? ['root'] : (tokens.lookupAccessor(parent.accessor)?.policies ?? []);
    const applied = applyRole(role, { ...tokenCreateRequest(data, 'auth/token/create', false), sudo: callerHasSudo(context) }, parentPolicies);
    const issued = tokens.create(parent, applied.request);
    return { data: null, warnings: [...applied.warnings, ...issued.warnings, ...missingPolicyWarnings(issued.record.policies, policyExists)], auth: tokenAuth(issued.record, issued.id) };
  };

  const write = async (data: FieldData): Promise<SystemReply | null> => {
    const name = data.get<string>('role_name');
    const { role, warnings } = writeRole(tokens.roles.get(name), name, data);
    tokens.roles.put(role);
    return warnings.length === 0 ? null : { data: null, warnings };
  };

  return [
    {
      pattern: 'roles/',
      fields: {},
      helpSynopsis: 'List the token roles.',
      operations: { list: { summary: 'List token roles.', handler: async () => ({ data: { keys: tokens.roles.list() } }) } },
    },
    {
      pattern: 'roles/{role_name}',
      fields: ROLE_FIELDS,
      helpSynopsis: 'A token role: what auth/token/create/<role> gives the tokens it makes.',
      operations: {
        read: {
          summary: 'Read a token role.',
          handler: async (data) => {
            const role = tokens.roles.get(data.get<string>('role_name'));
            return role === undefined ? null : { data: roleView(role) };
          },
        },
        update: { summary: 'Create or update a token role (fields not given keep their value).', handler: write },
        delete: {
          summary: 'Delete a token role (its tokens stay, and can no longer be renewed).',
          handler: async (data) => {
            tokens.roles.delete(data.get<string>('role_name'));
            return null;
          },
        },
      },
    },
    {
      pattern: 'create/{role_name}',
      fields: { ...CREATE_FIELDS, role_name: { type: 'nameString', description: 'The role to create the token against.' } },
      helpSynopsis: 'Create a token against a role: the role decides orphan, its limits and, with its lists, the policies.',
      operations: { update: { summary: 'Create a token against a role.', handler: createAgainstRole } },
    },
  ];
}
