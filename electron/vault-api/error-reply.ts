/**
 * Vault's error answer, `{"errors": [...]}`, and the status each failure gets. A failure from the
 * core carries a registry code and, for a plugin's error or a routing miss, the status Vault gives
 * it (`detail.httpStatus`: `plugin-host/vault/error-status.ts` follows `logical.RespondErrorCommon`);
 * the rest are mapped here by code. User errors are never 5xx (clients retry 5xx and 412); where
 * that differs from OpenBao the README's table says so.
 */
import { toContractError } from '../common/errors';

/** A failure the HTTP layer itself decides (bad input, auth, methods), with Vault's status. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string | null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message ?? '');
    this.name = 'ApiFailure';
  }

  /** Vault's `errors` list: empty for a bare status (404 for nothing there, 405). */
  get errors(): string[] {
    return this.message === '' ? [] : [this.message];
  }
}

export const PERMISSION_DENIED = 'permission denied';

export function permissionDenied(): ApiFailure {
  // Nothing about whether the path, the mount or the token exists.
  return new ApiFailure(403, PERMISSION_DENIED);
}

/**
 * The 403 of a request refused for its token, carrying the audit write of that refusal: it is
 * answered only once the entry is committed, and a failed audit write fails it with that error.
 */
export class RefusedToken extends ApiFailure {
  constructor(readonly audited: Promise<void>) {
    super(403, PERMISSION_DENIED);
    // Awaited where the refusal is answered; until then a failed write is not an unhandled rejection.
    audited.catch(() => undefined);
  }
}

/** Statuses by code where the error does not carry Vault's own. */
const STATUS_BY_CODE: Record<string, number> = {
  sealed: 503,
  not_initialized: 503,
  permission_denied: 403,
  unsupported_path: 404,
  unsupported_operation: 405,
  no_mount: 404,
  mount_not_found: 400,
  not_found: 404,
  invalid_request: 400,
  invalid_arguments: 400,
  bad_request: 400,
  user_error: 400,
  invalid_json: 400,
  request_too_large: 413,
  wrong_passphrase: 400,
  weak_passphrase: 400,
  already_initialized: 400,
  invalid_mount_path: 400,
  mount_overlap: 400,
  mount_reserved: 400,
  plugin_not_found: 400,
  plugin_in_use: 400,
  plugin_file_exists: 400,
  invalid_plugin_directory: 400,
  invalid_lease_ttl: 400,
  lease_not_found: 400,
  lease_not_renewable: 400,
  catalog_invalid_entry: 400,
  command_outside_plugin_dir: 400,
};

/** OpenBao's status for a code where the contract's `httpStatus` says otherwise (MultiAuthzPending: 500). */
const OPENBAO_STATUS_BY_CODE: Record<string, number> = { multi_authz_pending: 500 };

export interface ErrorAnswer {
  status: number;
  errors: string[];
  headers: Record<string, string>;
}

/** The status and `errors` list for anything thrown while serving a request. */
export function errorAnswer(error: unknown): ErrorAnswer {
  if (error instanceof ApiFailure) return { status: error.status, errors: error.errors, headers: error.headers };
  const shape = toContractError(error);
  const carried = shape.detail?.['httpStatus'];
  const status =
    OPENBAO_STATUS_BY_CODE[shape.code] ??
    (typeof carried === 'number' && carried >= 400 && carried <= 599 ? carried : undefined) ??
    STATUS_BY_CODE[shape.code] ??
    500;
  if (shape.code === 'not_found') return { status: 404, errors: [], headers: {} }; // Vault: nothing there, no text
  if (shape.code === 'sealed') {
    return { status, errors: ['Vault is sealed: unseal Strongroom first (`bao operator unseal`, or PUT /v1/sys/unseal with {"key": "<passphrase or unseal key>"}).'], headers: {} };
  }
  if (shape.code === 'not_initialized') {
    return { status, errors: ['Vault is sealed: Strongroom is not initialised yet (`bao operator init -key-shares=1 -key-threshold=1`, or PUT /v1/sys/init with {"passphrase": "…"}).'], headers: {} };
  }
  return { status, errors: [shape.message], headers: {} };
}
