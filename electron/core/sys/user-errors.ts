/**
 * The HTTP status of a sys/ handler's failure. What a caller can fix (a taken or malformed mount
 * path, a plugin that is not registered or whose file is wrong, a bad TTL) is a 400, as Vault's
 * `logical.ErrorResponse` makes it; clients retry a 5xx, so a user error must never be one. A
 * status the error already carries wins; anything else (a plugin crash, storage) is left alone.
 */
import { CodedError } from '../../../proto/wire/coded-error';
import type { ErrorCode } from '../../../proto/wire/error-codes';
import { ContractError } from '../../common/errors';

const FIXABLE_BY_THE_CALLER: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'invalid_mount_path',
  'mount_overlap',
  'mount_reserved',
  'mount_not_found',
  'plugin_not_found',
  'plugin_in_use',
  'invalid_plugin_directory',
  'invalid_lease_ttl',
  'lease_not_found',
  'lease_not_renewable',
  'catalog_invalid_entry',
  'command_outside_plugin_dir',
  'plugin_binary_missing',
  'plugin_binary_not_executable',
  'plugin_binary_wrong_format',
  'sha256_mismatch',
  'setup_failed',
  'wrong_backend_type',
]);

export function withUserErrorStatus(error: unknown): unknown {
  // Host errors (the catalog's file checks) are CodedErrors too, not ContractErrors.
  if (!(error instanceof CodedError) || !FIXABLE_BY_THE_CALLER.has(error.code)) return error;
  if (error.detail?.['httpStatus'] !== undefined) return error;
  const marked = new ContractError(error.code, error.message, { ...error.detail, httpStatus: 400 });
  marked.stack = error.stack;
  return marked;
}
