/**
 * The core's named errors (mounts, routing, leases, settings), with codes from the one registry
 * (`proto/wire/error-codes.ts`, raised by `core`). They cross the contract as `{code, message,
 * detail}` like the plugin host's and the storage's errors; messages say what to do next.
 */
import type { ErrorCodeOf } from '../../proto/wire/error-codes';
import { ContractError } from '../common/errors';

export type CoreErrorCode = ErrorCodeOf<'core'>;

export class CoreError extends ContractError {
  constructor(code: CoreErrorCode, message: string, detail?: Record<string, unknown>) {
    super(code, message, detail);
  }
}
