/**
 * `auth/token/tidy`: clears what a lost write could leave in the token store's barrier layout
 * (`TokenRecords.tidy`: index entries without their token; children of a gone parent become
 * orphans), then revokes the leases of tokens that are gone. OpenBao answers 202 and tidies in the
 * background; here the work is done before the reply, which is the same 202 with a warning that
 * says what was found.
 */
import type { SystemPath } from '../sys/declare';
import { HTTP_CONTENT_TYPE, HTTP_RAW_BODY, HTTP_STATUS_CODE } from '../router/raw-reply';
import type { TokenStore } from './token-store';

/** A whole Vault response with its status (Vault's `logical.RespondWithStatusCode`), read back by `router/raw-reply.ts`. */
function accepted(warnings: string[]): Record<string, unknown> {
  const body = { request_id: '', lease_id: '', renewable: false, lease_duration: 0, data: null, wrap_info: null, warnings, auth: null };
  return { [HTTP_STATUS_CODE]: 202, [HTTP_CONTENT_TYPE]: 'application/json', [HTTP_RAW_BODY]: Buffer.from(JSON.stringify(body)).toString('base64') };
}

export function tokenTidyPath(tokens: TokenStore): SystemPath {
  return {
    pattern: 'tidy',
    fields: {},
    helpSynopsis: "Clean up the token store's index entries left without their token, and the leases of tokens that are gone.",
    operations: {
      update: {
        summary: 'Tidy the token store.',
        handler: async () => {
          const { removed, orphaned } = tokens.tidy();
          const leases = await tokens.revocations.sweep();
          const found = `Tidy operation successfully started. It found ${removed} index entries without their token, made ${orphaned} children of gone parents orphans, and revoked ${leases} leases of gone tokens.`;
          return { data: accepted([found]) };
        },
      },
    },
  };
}
