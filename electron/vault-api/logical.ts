/**
 * Logical requests, `/v1/<mount>/<path>` and the `sys/` paths of the system backend, sent to the
 * core's router the way Vault's HTTP layer sends them: the method decides the operation (GET read,
 * `?list=true` or LIST list, POST/PUT write with the existence check deciding create or update,
 * PATCH patch, DELETE delete, HEAD a read answered without a body, HELP or `?help=1` help), the
 * query of GET/DELETE/LIST is the data, and a read with no reply or a list with no keys is a 404.
 */
import type { RequestOperation, RequestResult } from '../common/contract/requests';
import { sendHelp, sendResult } from './envelope';
import { ApiFailure, errorAnswer } from './error-reply';
import { parseJsonObject, readBody } from './request-body';
import { queryBool, queryData, requireMergePatch } from './request-parse';
import { isUnauthenticatedSysPath, type SysHttpContext } from './sys-http-handlers';

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
  // An unauthenticated path still refuses a token that was sent but is not valid, as Vault does
  // (the CLI's KV preflight then says "permission denied" rather than falling through).
  const caller = isUnauthenticatedSysPath(path) && request.token === undefined ? undefined : context.caller();
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
  // Without a token (only on an unauthenticated path) the request is nobody's, not the owner's.
  const result = await api.handle({ path, operation, data, ...(caller === undefined ? { anonymous: true } : { token: caller }) });
  if (operation === 'list' && result.raw === null && result.status === 200 && !hasKeys(result)) throw new ApiFailure(404, null);
  sendResult(res, result, path);
}

/** Vault answers a list without keys with 404 `{"errors":[]}`. */
function hasKeys(result: RequestResult): boolean {
  const keys = result.data?.['keys'];
  return Array.isArray(keys) && keys.length > 0;
}
