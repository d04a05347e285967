/**
 * The built-in `auth/token/` paths, declared with the same model as `sys/` (`../sys/declare.ts`)
 * and answering in OpenBao's shapes: create / create-orphan (an `auth` block), lookup /
 * lookup-self / lookup-accessor (`data`), renew / renew-self / renew-accessor (`auth`), revoke / revoke-self /
 * revoke-accessor / revoke-orphan, accessors (LIST). Status codes and messages follow OpenBao
 * 2.7.2 for the same request (`vault/token_store.go`). The router has checked the caller's
 * policies; what needs sudo on the path as well (orphans, chosen ids, periods, policies the caller
 * does not hold, revoke-orphan) is decided here from `RequestContext.sudo`, as Vault's handlers do.
 */
import { CoreError } from '../core-errors';
import type { FieldData, FieldSchema, RequestContext, SystemPath, SystemReply } from '../sys/declare';
import type { TokenRecord } from './token-entry';
import type { TokenCreateRequest, TokenStore } from './token-store';
import { tokenAuth, tokenLookupData } from './token-views';

const TOKEN: FieldSchema = { type: 'string', description: 'The token (s.…).' };
const ACCESSOR: FieldSchema = { type: 'string', description: "The token's accessor." };
const INCREMENT: FieldSchema = { type: 'duration', description: 'The TTL asked for from now, e.g. "1h"; 0 repeats the last one.' };

export const CREATE_FIELDS: Record<string, FieldSchema> = {
  policies: { type: 'commaStringSlice', description: "The token's policies; none inherits the parent's (a root token's children are root)." },
  meta: { type: 'keyPairs', description: 'Arbitrary key=value metadata, shown by lookups and in the audit log.' },
  no_parent: { type: 'bool', description: 'Create an orphan: revoking the caller will not revoke it.' },
  no_default_policy: { type: 'bool', description: 'Do not add the "default" policy.' },
  renewable: { type: 'bool', default: true, description: 'Whether the token may be renewed (up to its max TTL).' },
  ttl: { type: 'duration', description: 'Time to live, e.g. "1h"; none gives 768h (a root child without it never expires).' },
  explicit_max_ttl: { type: 'duration', description: 'A hard limit no renewal may pass, e.g. "24h".' },
  period: { type: 'duration', description: 'Makes the token periodic: every renewal grants this TTL, with no max TTL unless explicit_max_ttl.' },
  display_name: { type: 'string', description: 'A name for the token, shown as "token-<name>".' },
  num_uses: { type: 'int', description: 'How many requests the token may make (0: unlimited).' },
  type: { type: 'string', description: 'Only "service" (the default) for now; batch tokens are not supported.' },
  id: { type: 'string', description: 'A chosen token id instead of a random one (no "s." or "hvs." prefix, no ".").' },
  lease: { type: 'duration', description: 'The older name of "ttl" (used when "ttl" is not given).' },
  entity_alias: { type: 'string', description: 'Not supported (tokens here have no identity entities): leave it empty.' },
};

function missingToken(): CoreError {
  return new CoreError('invalid_request', 'missing token ID: give the token in the "token" field.', { httpStatus: 400 });
}

function noCaller(path: string): CoreError {
  return new CoreError('no_token', `auth/token/${path} needs the caller's token, and this request has none (the UI acts as the owner, without a token). Send it over the Vault API with X-Vault-Token, or use auth/token/${path.replace('-self', '')} with the token in the "token" field.`, { httpStatus: 400 });
}

/** Root or sudo on the create path, as the router decided it (the owner, who has no token, always has; nobody never). */
export const callerHasSudo = (context: RequestContext | undefined): boolean => context?.sudo ?? (context?.token === undefined && context?.anonymous !== true);

/** Vault's warning for each policy a new token holds that is not (yet) written. */
export const missingPolicyWarnings = (policies: readonly string[], policyExists: (name: string) => boolean): string[] =>
  policies.filter((policy) => !policyExists(policy)).map((policy) => `Policy "${policy}" does not exist`);

/** The create fields as the store takes them (`ttl`, else its older name `lease`). */
export function tokenCreateRequest(data: FieldData, path: string, orphan: boolean): TokenCreateRequest {
  return {
    path,
    orphan: orphan || data.get<boolean>('no_parent'),
    policies: data.get<string[]>('policies'),
    noDefaultPolicy: data.get<boolean>('no_default_policy'),
    ttl: data.raw['ttl'] === undefined || data.raw['ttl'] === '' ? data.get<number>('lease') : data.get<number>('ttl'),
    explicitMaxTtl: data.get<number>('explicit_max_ttl'),
    period: data.get<number>('period'),
    displayName: data.get<string>('display_name'),
    renewable: data.get<boolean>('renewable'),
    numUses: data.get<number>('num_uses'),
    meta: data.getOk<Record<string, string>>('meta') ?? null,
    id: data.get<string>('id'),
  };
}

/** How a renewal runs: in the store, or through the auth plugin whose login issued the token (`login-tokens.ts`). */
export type TokenRenewer = (record: TokenRecord, increment: number) => Promise<{ record: TokenRecord; warnings: string[] }>;

export function tokenPaths(tokens: TokenStore, policyExists: (name: string) => boolean, now: () => number = Date.now, renew?: TokenRenewer): SystemPath[] {
  const renewToken: TokenRenewer = renew ?? (async (record, increment) => tokens.renew(record.accessor, increment));
  /** The caller's live record and the id it authenticated with ('' when unknown). */
  const self = (context: RequestContext | undefined, path: string): { record: TokenRecord; id: string } => {
    const caller = context?.token;
    if (caller === undefined) throw noCaller(path);
    const record = tokens.lookupAccessor(caller.accessor);
    if (record === undefined) throw new CoreError('permission_denied', 'permission denied', { httpStatus: 403 });
    return { record, id: tokens.idOf(caller) ?? '' };
  };

  const create = (orphan: boolean) => async (data: FieldData, _operation: unknown, context?: RequestContext): Promise<SystemReply> => {
    if (data.get<string>('entity_alias') !== '') {
      throw new CoreError('invalid_request', "'entity_alias' is only allowed in combination with token role, and tokens here have no identity entities: leave it empty.", { httpStatus: 400 });
    }
    const type = data.get<string>('type');
    if (type !== '' && type !== 'service') throw new CoreError('invalid_request', `invalid 'token_type' value "${type}": only "service" tokens exist here.`, { httpStatus: 400 });
    const request = { ...tokenCreateRequest(data, orphan ? 'auth/token/create-orphan' : 'auth/token/create', orphan), sudo: callerHasSudo(context) };
    const issued = tokens.create(context?.token, request);
    return { data: null, warnings: [...issued.warnings, ...missingPolicyWarnings(issued.record.policies, policyExists)], auth: tokenAuth(issued.record, issued.id) };
  };

  const lookup = async (data: FieldData, _operation: unknown, context?: RequestContext): Promise<SystemReply> => {
    const given = data.get<string>('token');
    if (given === '') {
      if (context?.token === undefined) throw missingToken();
      const { record, id } = self(context, 'lookup-self');
      return { data: tokenLookupData(record, id, now()) };
    }
    const record = tokens.lookup(given);
    if (record === undefined) throw new CoreError('invalid_token', 'bad token: it is unknown, expired or revoked.', { httpStatus: 403 });
    return { data: tokenLookupData(record, given, now()) };
  };

  const lookupSelf = async (_data: FieldData, _operation: unknown, context?: RequestContext): Promise<SystemReply> => {
    const { record, id } = self(context, 'lookup-self');
    return { data: tokenLookupData(record, id, now()) };
  };

  const renewed = async (record: TokenRecord, id: string, increment: number): Promise<SystemReply> => {
    const { record: updated, warnings } = await renewToken(record, increment);
    const auth = tokenAuth(updated, id);
    // OpenBao answers the renewal of a login's token with the plugin's Auth, which has no orphan flag.
    return { data: null, warnings, auth: updated.login === undefined ? auth : { ...auth, orphan: false } };
  };

  return [
    { pattern: 'create', fields: CREATE_FIELDS, helpSynopsis: 'Create a token, a child of the caller (revoked with it).', operations: { update: { summary: 'Create a token.', handler: create(false) } } },
    { pattern: 'create-orphan', fields: CREATE_FIELDS, helpSynopsis: 'Create an orphan token: it has no parent.', operations: { update: { summary: 'Create an orphan token.', handler: create(true) } } },
    {
      pattern: 'lookup',
      fields: { token: TOKEN },
      helpSynopsis: 'Look a token up (without a token: the caller).',
      operations: { read: { summary: "Look up the caller's token.", handler: lookup }, update: { summary: 'Look up a token.', handler: lookup } },
    },
    {
      pattern: 'lookup-self',
      fields: { token: { ...TOKEN, description: 'Ignored: the caller is looked up.' } },
      helpSynopsis: "Look up the caller's token.",
      operations: { read: { summary: "Look up the caller's token.", handler: lookupSelf }, update: { summary: "Look up the caller's token.", handler: lookupSelf } },
    },
    {
      pattern: 'lookup-accessor',
      fields: { accessor: ACCESSOR },
      helpSynopsis: 'Look a token up by its accessor (the id is not shown).',
      operations: {
        update: {
          summary: 'Look up a token by accessor.',
          handler: async (data) => {
            const record = tokens.lookupAccessor(data.get<string>('accessor'));
            if (record === undefined) throw new CoreError('invalid_token', 'invalid accessor: no live token has it (list auth/token/accessors).', { httpStatus: 400 });
            return { data: tokenLookupData(record, '', now()) };
          },
        },
      },
    },
    {
      pattern: 'renew',
      fields: { token: TOKEN, increment: INCREMENT },
      helpSynopsis: "Renew a token: extend its TTL from now, up to its max TTL.",
      operations: {
        update: {
          summary: 'Renew a token.',
          handler: async (data) => {
            const id = data.get<string>('token');
            if (id === '') throw missingToken();
            const record = tokens.lookup(id);
            if (record === undefined) throw new CoreError('invalid_token', 'token not found: it is unknown, expired or revoked.', { httpStatus: 400 });
            return renewed(record, id, data.get<number>('increment'));
          },
        },
      },
    },
    {
      pattern: 'renew-self',
      fields: { increment: INCREMENT },
      helpSynopsis: "Renew the caller's token.",
      operations: {
        update: {
          summary: "Renew the caller's token.",
          handler: async (data, _operation, context) => {
            const { record, id } = self(context, 'renew-self');
            return renewed(record, id, data.get<number>('increment'));
          },
        },
      },
    },
    {
      pattern: 'renew-accessor',
      fields: { accessor: ACCESSOR, increment: INCREMENT },
      helpSynopsis: 'Renew the token with this accessor (the reply does not show its id).',
      operations: {
        update: {
          summary: 'Renew a token by accessor.',
          handler: async (data) => {
            const accessor = data.get<string>('accessor');
            if (accessor === '') throw new CoreError('invalid_request', 'missing accessor: give it in the "accessor" field.', { httpStatus: 400 });
            const record = tokens.lookupAccessor(accessor);
            if (record === undefined) throw new CoreError('invalid_token', 'invalid accessor: no live token has it (list auth/token/accessors).', { httpStatus: 400 });
            return renewed(record, '', data.get<number>('increment'));
          },
        },
      },
    },
    {
      pattern: 'revoke',
      fields: { token: TOKEN },
      helpSynopsis: 'Revoke a token and every token it created.',
      operations: {
        update: {
          summary: 'Revoke a token and its children.',
          handler: async (data) => {
            const id = data.get<string>('token');
            if (id === '') throw missingToken();
            const record = tokens.lookup(id);
            if (record !== undefined) tokens.revokeAccessor(record.accessor);
            return null;
          },
        },
      },
    },
    {
      pattern: 'revoke-self',
      fields: {},
      helpSynopsis: "Revoke the caller's token and every token it created.",
      operations: {
        update: {
          summary: "Revoke the caller's token.",
          handler: async (_data, _operation, context) => {
            tokens.revokeAccessor(self(context, 'revoke-self').record.accessor);
            return null;
          },
        },
      },
    },
    {
      pattern: 'revoke-accessor',
      fields: { accessor: ACCESSOR },
      helpSynopsis: 'Revoke the token with this accessor, and its children.',
      operations: {
        update: {
          summary: 'Revoke a token by accessor.',
          handler: async (data) => {
            if (tokens.revokeAccessor(data.get<string>('accessor')) > 0) return null;
            return { data: null, warnings: ['No token found with this accessor'] };
          },
        },
      },
    },
    {
      pattern: 'revoke-orphan',
      fields: { token: TOKEN },
      helpSynopsis: 'Revoke a token alone: its children become orphans.',
      operations: {
        update: {
          summary: 'Revoke a token, orphaning its children.',
          handler: async (data, _operation, context) => {
            if (context?.token !== undefined && context.sudo !== true) {
              throw new CoreError('invalid_request', 'root or sudo privileges required to revoke and orphan: ask for sudo on auth/token/revoke-orphan in a policy, or use auth/token/revoke (which revokes the children too).', { httpStatus: 400 });
            }
            const id = data.get<string>('token');
            if (id === '') throw missingToken();
            const record = tokens.lookup(id);
            if (record === undefined) throw new CoreError('invalid_token', 'token to revoke not found: it is unknown, expired or revoked.', { httpStatus: 400 });
            tokens.revokeOrphan(record.accessor);
            return null;
          },
        },
      },
    },
    {
      pattern: 'accessors/',
      fields: {},
      helpSynopsis: 'List the accessors of every live token.',
      operations: { list: { summary: 'List token accessors.', handler: async () => ({ data: { keys: tokens.accessors() } }) } },
    },
  ];
}
