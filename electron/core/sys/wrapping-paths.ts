/**
 * `sys/wrapping/wrap`, `unwrap`, `lookup`, `rewrap`, declared like plugin paths and answering as
 * OpenBao does (`wrapping/response-wrapping.ts` keeps the tokens' replies):
 *
 * - `wrap` answers its own body, which the router then wraps; without a wrap TTL it is a 400.
 * - `unwrap` takes the token from the body, else the caller's own (a wrapping token presenting
 *   itself), and answers the stored reply exactly as the wrapped request would have.
 * - `lookup` tells the creation TTL, time and path without spending the token (unauthenticated
 *   in Vault: the HTTP API passes the header's token as the body's).
 * - `rewrap` moves the reply behind a new token, the old one revoked.
 *
 * Every refused token (unknown, used, expired, not a wrapping token) is OpenBao's 400 "wrapping
 * token is not valid or does not exist".
 */
import { CoreError } from '../core-errors';
import type { ResponseWrapping } from '../wrapping/response-wrapping';
import type { TokenStore } from '../tokens/token-store';
import type { FieldData, FieldSchema, RequestContext, SystemPath } from './declare';

export interface WrappingPathDeps {
  wrapping: ResponseWrapping;
  tokens: TokenStore;
}

const TOKEN: FieldSchema = { type: 'string', description: 'The wrapping token; leave it out to use the request\'s own token.', displayAttrs: { sensitive: true } };

/** The token named in the body (a third party's) or the caller's own, and which it was. */
function wrappingTokenOf(data: FieldData, context: RequestContext | undefined, tokens: TokenStore): { id: string; asCaller: boolean } {
  const given = data.getOk<string>('token');
  if (given !== undefined && given !== '') return { id: given, asCaller: false };
  const caller = context?.token === undefined ? undefined : tokens.idOf(context.token);
  if (caller === undefined) {
    // OpenBao: "error validating wrapping token: token is empty", 403.
    throw new CoreError('permission_denied', 'error validating wrapping token: token is empty: give the wrapping token as "token" in the body, or send it as X-Vault-Token.', { httpStatus: 403 });
  }
  return { id: caller, asCaller: true };
}

export function wrappingPaths({ wrapping, tokens }: WrappingPathDeps): SystemPath[] {
  return [
    {
      pattern: 'wrapping/wrap',
      takesArbitraryInput: true,
      helpSynopsis: 'Wrap the body given: answer a single-use token that unwraps to it.',
      helpDescription: 'Needs a wrap TTL (the X-Vault-Wrap-TTL header, or -wrap-ttl with the CLI); the body is any JSON object.',
      operations: {
        update: {
          summary: 'Response-wrap an arbitrary JSON object.',
          handler: async (data, _operation, context) => {
            if (context?.wrapTtl === undefined) {
              throw new CoreError('wrapping_required', 'endpoint requires response wrapping to be used: send the X-Vault-Wrap-TTL header (e.g. 5m), or -wrap-ttl=5m with the CLI.', { httpStatus: 400 });
            }
            return { data: { ...data.raw } };
          },
        },
      },
    },
    {
      pattern: 'wrapping/unwrap',
      fields: { token: TOKEN },
      helpSynopsis: 'Unwrap a wrapping token: its reply, once.',
      operations: {
        update: {
          summary: 'Unwrap a response-wrapping token.',
          handler: async (data, _operation, context) => {
            const { id, asCaller } = wrappingTokenOf(data, context, tokens);
            return { data: null, result: wrapping.unwrap(id, asCaller) };
          },
        },
      },
    },
    {
      pattern: 'wrapping/lookup',
      fields: { token: TOKEN },
      helpSynopsis: 'Look up a wrapping token\'s properties without unwrapping it.',
      operations: {
        read: { summary: "Look up wrapping properties for the requester's token.", handler: async (data, _operation, context) => ({ data: wrapping.lookup(wrappingTokenOf(data, context, tokens).id) }) },
        update: { summary: 'Look up wrapping properties for the given token.', handler: async (data, _operation, context) => ({ data: wrapping.lookup(wrappingTokenOf(data, context, tokens).id) }) },
      },
    },
    {
      pattern: 'wrapping/rewrap',
      fields: { token: TOKEN },
      helpSynopsis: 'Move a wrapped reply behind a new wrapping token (the old one stops working).',
      operations: {
        update: {
          summary: 'Rewrap a response-wrapping token.',
          handler: async (data, _operation, context) => {
            const { id, asCaller } = wrappingTokenOf(data, context, tokens);
            return { data: null, result: wrapping.rewrap(id, asCaller, context?.wrapTtl) };
          },
        },
      },
    },
  ];
}
