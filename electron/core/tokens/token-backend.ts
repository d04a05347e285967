/**
 * The built-in token backend at `auth/token/`, served through the router like `sys/`: a request
 * is routed to the first matching declaration (`token-paths.ts`), validated against its fields
 * before the handler runs, and help + OpenAPI come from the same declarations. The handlers get
 * the caller (`RequestContext.token`) for the `*-self` paths and as the parent of new tokens.
 */
import type { VaultOperation } from '../../../plugin-host';
import type { RequestMountView } from '../../common/contract/requests';
import { CoreError } from '../core-errors';
import type { BuiltinBackend, RequestContext } from '../router/builtin-backends';
import { TOKEN_ROOT_PATHS } from '../policies/root-paths';
import { compileSystemPath, FieldValidationError, routeSystemPath, systemHelp, systemOperation, unknownFields, validateSystemFields } from '../sys/declare';
import type { CompiledSystemPath, FieldData, SystemHelp, SystemReply } from '../sys/declare';
import { tokenPaths, type TokenRenewer } from './token-paths';
import { tokenRolePaths } from './token-role-paths';
import { tokenTidyPath } from './token-tidy-path';
import type { TokenStore } from './token-store';

export const TOKEN_MOUNT_PATH = 'auth/token/';
/** How the token mount shows in results and the audit log (Vault's is `auth_token_<8 hex>`). */
export const TOKEN_MOUNT: RequestMountView = { path: TOKEN_MOUNT_PATH, type: 'token', accessor: 'auth_token_00000000', uuid: '00000000-0000-0000-0000-000000000001' };

const DOCS = {
  help: 'The built-in token backend: create, look up, renew and revoke tokens of the Vault API. It is mounted at auth/token/ and cannot be moved or disabled.',
  info: { title: 'Strongroom token backend', description: 'The built-in auth/token/ paths, relative to auth/token/.', license: { name: 'unspecified', url: '' } },
  vaultVersion: '1.21.0',
};

export class TokenBackend implements BuiltinBackend {
  readonly mount = TOKEN_MOUNT;
  readonly specialPaths = { root: [...TOKEN_ROOT_PATHS], unauthenticated: [] };
  private readonly paths: readonly CompiledSystemPath[];

  /**
   * `policyExists` names the policies a new token may hold without a "does not exist" warning;
   * `renew` is how renewals run (through the issuing auth plugin, `LoginTokens.renew`), the store's own when absent.
   */
  constructor(
    private readonly tokens: TokenStore,
    policyExists: (name: string) => boolean,
    renew?: TokenRenewer,
  ) {
    this.paths = [...tokenPaths(tokens, policyExists, Date.now, renew), ...tokenRolePaths(tokens, policyExists), tokenTidyPath(tokens)].map(compileSystemPath);
  }

  async handle(operation: VaultOperation, path: string, data: Record<string, unknown>, context: RequestContext): Promise<SystemReply | null> {
    const [target, captures] = this.route(path);
    if (operation === 'help') return { data: { ...this.help(path), see_also: null } };
    // As in Vault's token store, which has no existence checks: a create is an update.
    const effective = operation === 'create' && target.declared.operations.create === undefined ? 'update' : operation;
    const declared = systemOperation(target, effective);
    if (declared === undefined) {
      throw new CoreError('unsupported_operation', `${TOKEN_MOUNT_PATH}${path} does not support "${operation}" (it supports: ${Object.keys(target.declared.operations).join(', ')}).`, { httpStatus: 405, path: TOKEN_MOUNT_PATH + path });
    }
    let fields: FieldData;
    try {
      fields = validateSystemFields(target, effective, data, captures);
    } catch (error) {
      if (!(error instanceof FieldValidationError)) throw error;
      throw new CoreError('invalid_request', `${error.message}. Ask for help on "${TOKEN_MOUNT_PATH}${path}" to see its fields and their types.`, { httpStatus: 400, path: TOKEN_MOUNT_PATH + path });
    }
    const reply = await declared.handler(fields, effective, context);
    // A revocation answers once the revoked tokens' leases are revoked too, as Vault's does.
    await this.tokens.revocations.settled();
    const ignored = unknownFields(target, data);
    if (reply === null || ignored.length === 0) return reply;
    return { ...reply, warnings: [...(reply.warnings ?? []), `Endpoint ignored these unrecognized parameters: [${ignored.join(' ')}]`] };
  }

  help(path: string): SystemHelp {
    if (path === '') return systemHelp(DOCS, this.paths, undefined);
    const [target] = this.route(path);
    return systemHelp(DOCS, this.paths, { path: target, requestPath: path });
  }

  private route(path: string): [CompiledSystemPath, Record<string, string>] {
    const found = routeSystemPath(this.paths, path);
    if (found === undefined) {
      throw new CoreError('unsupported_path', `${TOKEN_MOUNT_PATH}${path} is not a token path. Ask for help on "${TOKEN_MOUNT_PATH}" to see them.`, { httpStatus: 404, path: TOKEN_MOUNT_PATH + path });
    }
    return found;
  }
}
