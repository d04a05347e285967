/**
 * The core's named errors (mounts, routing, leases, settings). They cross the contract as
 * `{code, message, detail}` like the plugin host's and the storage's errors; messages say what to
 * do next.
 */
import { ContractError } from '../common/errors';

export const CORE_ERROR_CODES = [
  'invalid_mount_path',
  'mount_overlap',
  'mount_reserved',
  'mount_not_found',
  'no_mount',
  'not_found',
  'plugin_not_found',
  'plugin_in_use',
  'plugin_file_exists',
  'invalid_plugin_directory',
  'invalid_lease_ttl',
  'lease_not_found',
  'lease_not_renewable',
  'unsupported_path',
  'unsupported_operation',
  'invalid_request',
  /** A plugin's raw reply (http_status_code…) that Vault's HTTP layer would answer 500 for. */
  'bad_raw_reply',
] as const;

export type CoreErrorCode = (typeof CORE_ERROR_CODES)[number];

export class CoreError extends ContractError {
  constructor(code: CoreErrorCode, message: string, detail?: Record<string, unknown>) {
    super(code, message, detail);
  }
}
