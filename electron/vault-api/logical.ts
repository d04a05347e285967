/**
 * Logical requests, `/v1/<mount>/<path>` and the `sys/` paths of the system backend, sent to the
 * core's router the way Vault's HTTP layer sends them: the method decides the operation (GET read,
 * `?list=true` or LIST list, POST/PUT write with the existence check deciding create or update,
 * PATCH patch, DELETE delete, HEAD a read answered without a body, HELP or `?help=1` help), the
 * query of GET/DELETE/LIST is the data, and a read with no reply or a list with no keys is a 404.
 */
import type { RequestOperation, RequestResult } from '../common/contract/requests';
import type { ApiCaller } from '../core/vault-api-port';
import { sendHelp, sendResult } from './envelope';
import { ApiFailure, errorAnswer } from './error-reply';
import { parseJsonObject, readBody } from './request-body';
import { queryBool, queryData, requireMergePatch } from './request-parse';
import { isUnauthenticatedSysPath, type SysHttpContext } from './sys-http-handlers';
import { isWrappingTokenPath, wrappingRequest } from './wrapping-token';

export async function serveLogical(context: SysHttpContext): Promise<void> {
  const { api, req, res, request } = context;
  const { method, path, query } = request;
  const help = method === 'HELP' || queryBool(query, 'help') === true;
  // Sealed comes first, as in Vault: a sealed store says so whatever the token.
  const { initialized, sealed } = api.sealStatus();
  if (sealed) {
    const answer = errorAnswer({ code: initialized ? 'sealed' : 'not_initialized', message: '' });
    throw new ApiFailure(answer.status, answer.errors[0] ?? null);
  }
  // An unauthenticated sys path still refuses a token that was sent but is not valid, as Vault does
  // (the CLI's KV preflight then says "permission denied" rather than falling through). A plugin's
  // unauthenticated path (a login) ignores any token, as OpenBao does, for its help too (`bao
  // path-help` of a login path needs no token). The wrapping paths take their token after the body
  // is read (wrapping-token.ts).
  const wrappingPath = isWrappingTokenPath(path);
  let caller: ApiCaller | undefined;
  let unauthenticated = false;
  if (wrappingPath) caller = undefined;
  else if (isUnauthenticatedSysPath(path)) caller = request.token === undefined ? undefined : context.caller();
  else {
    const listing = method === 'LIST' || ((method === 'GET' || method === 'HEAD') && queryBool(query, 'list') === true);
    const access = await api.pathAccess(path, listing ? 'list' : 'read');
    if (access === 'unauthenticated') unauthenticated = true;
    else caller = access === 'unrouted' ? callerOrLoginAdvice(context, path) : context.caller();
  }
  if (help) {
    sendHelp(res, await api.help(path));
    return;
  }

  let operation: RequestOperation;
  let data: Record<string, unknown>;
  switch (method) {
    case 'GET':
    case 'HEAD':
      operation = queryBool(query, 'list') === true ? 'list' : 'read';
      data = queryData(query);
      break;
    case 'LIST':
      operation = 'list';
      data = queryData(query);
      break;
    case 'DELETE':
      operation = 'delete';
      data = queryData(query);
      break;
    case 'PATCH':
      requireMergePatch(req);
      operation = 'patch';
      data = parseJsonObject(await readBody(req));
      break;
    default: // POST, PUT
      operation = 'write';
      data = parseJsonObject(await readBody(req));
  }
  if (wrappingPath) ({ data, caller } = wrappingRequest(context, data));
  // Without a token (only on an unauthenticated path) the request is nobody's, not the owner's.
  const result = await api.handle({
    path,
    operation,
    data,
    ...(caller === undefined ? { anonymous: true } : { token: caller }),
    ...(unauthenticated ? { unauthenticated } : {}),
    ...(request.wrapTtl > 0 ? { wrapTtl: request.wrapTtl } : {}),
  });
  if (operation === 'list' && result.wrapInfo === null && result.raw === null && result.status === 200 && !hasKeys(result)) throw new ApiFailure(404, null);
  sendResult(res, result, path);
}

/**
 * The caller of a request no mount serves; without a token, one under `auth/` (a login to an auth
 * method that is not enabled) is Vault's 403 with the way out said (the bao CLI shows it).
 */
function callerOrLoginAdvice(context: SysHttpContext, path: string): ApiCaller {
  if (context.request.token === undefined && path.startsWith('auth/') && !path.startsWith('auth/token/')) {
    const mount = path.split('/').slice(0, 2).join('/');
    throw new ApiFailure(403, `permission denied: no auth method is enabled at ${mount}/ to log in with; check the path (bao login -path=…), or list the enabled methods with a token (bao auth list)`);
  }
  return context.caller();
}

/** Vault answers a list without keys with 404 `{"errors":[]}`. */
function hasKeys(result: RequestResult): boolean {
  const keys = result.data?.['keys'];
  return Array.isArray(keys) && keys.length > 0;
}
