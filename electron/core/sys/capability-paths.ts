/**
 * `sys/capabilities-self`, `sys/capabilities` (of a token) and `sys/capabilities-accessor` (of the
 * token with an accessor), answered from the token's policies by the same ACL that decides its
 * requests (`policies/acl.ts`): per path the capabilities sorted, `["deny"]` for none, `["root"]`
 * for a root token; with one path, also under `capabilities` (Vault keeps it for old clients).
 */
import { CoreError } from '../core-errors';
import type { FieldData, FieldSchema, SystemPath, SystemReply } from './declare';
import type { SystemBackendDeps } from './system-deps';

const PATHS: Record<string, FieldSchema> = {
  paths: { type: 'commaStringSlice', description: 'The paths to ask about, e.g. ["secret/data/app", "sys/mounts"].' },
  path: { type: 'commaStringSlice', description: 'The same as paths (the older field name).' },
};

function bad(message: string): never {
  throw new CoreError('invalid_request', message, { httpStatus: 400 });
}

export function capabilityPaths(deps: SystemBackendDeps): SystemPath[] {
  const answer = (policies: readonly string[], data: FieldData): SystemReply => {
    const paths = data.get<string[]>('paths').length > 0 ? data.get<string[]>('paths') : data.get<string[]>('path');
    if (paths.length === 0) bad('paths must be supplied: give "paths", a list of request paths such as ["secret/data/app"].');
    const acl = deps.policies.acl(policies);
    const out: Record<string, string[]> = {};
    for (const path of paths) out[path] = acl.capabilities(path);
    if (paths.length === 1) out['capabilities'] = out[paths[0] as string] as string[];
    return { data: out };
  };
  return [
    {
      pattern: 'capabilities-self',
      fields: PATHS,
      helpSynopsis: "The caller's capabilities on paths, from its policies (the UI, as the owner, is root).",
      operations: {
        update: {
          summary: "Read the caller's capabilities on paths.",
          handler: async (data, _operation, context) => answer(context?.token?.policies ?? ['root'], data),
        },
      },
    },
    {
      pattern: 'capabilities',
      fields: { token: { type: 'string', description: 'The token to ask about (s.…).', displayAttrs: { sensitive: true } }, ...PATHS },
      helpSynopsis: "A token's capabilities on paths, from its policies.",
      operations: {
        update: {
          summary: "Read a token's capabilities on paths.",
          handler: async (data) => {
            const token = data.get<string>('token');
            if (token === '') bad('no token found: give the token to ask about in "token" (or use sys/capabilities-self for your own).');
            const caller = deps.tokens.authenticate(token);
            if (caller === undefined) bad('invalid token: it is unknown, expired or revoked.');
            return answer(caller.policies, data);
          },
        },
      },
    },
    {
      pattern: 'capabilities-accessor',
      fields: { accessor: { type: 'string', description: "The accessor of the token to ask about (auth/token/accessors lists them)." }, ...PATHS },
      helpSynopsis: "The capabilities on paths of the token with an accessor.",
      operations: {
        update: {
          summary: "Read the capabilities on paths of a token, by its accessor.",
          handler: async (data) => {
            const accessor = data.get<string>('accessor');
            if (accessor === '') bad('missing accessor: give the token\'s accessor in "accessor".');
            const record = deps.tokens.lookupAccessor(accessor);
            if (record === undefined) bad('invalid accessor: no live token has it (list auth/token/accessors).');
            return answer(record.policies, data);
          },
        },
      },
    },
  ];
}
