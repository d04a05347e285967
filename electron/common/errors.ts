/**
 * Errors cross every boundary (IPC, HTTP, WebSocket) as plain objects with a stable code and a
 * message that says what to do next. The codes are one registry (`proto/wire/error-codes.ts`:
 * each code's meaning and fix-it hint), raised by the plugin host (handshake, sha256, plugin
 * exited…), the storage (sealed, corrupt…), the core (mount overlap…) and the contract boundary;
 * `ErrorCode`, their union, types the contract's error shape.
 */
import { CodedError, type ErrorShape } from '../../proto/wire/coded-error';
import { isErrorCode } from '../../proto/wire/error-codes';

export type { ErrorCode } from '../../proto/wire/error-codes';

export type ContractErrorShape = ErrorShape;

export class ContractError extends CodedError {
  override readonly name: string = 'ContractError';
}

/** Any thrown value → the wire shape. Unknown errors keep their message but get a generic code. */
export function toContractError(error: unknown): ContractErrorShape {
  if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error) {
    const { code, message, detail } = error as { code: unknown; message: unknown; detail?: unknown };
    if (typeof code === 'string' && isErrorCode(code) && typeof message === 'string') {
      const shape: ContractErrorShape = { code, message };
      if (detail !== undefined && typeof detail === 'object' && detail !== null) {
        shape.detail = detail as Record<string, unknown>;
      }
      return shape;
    }
  }
  // A code outside the registry (a Node errno such as ENOENT, say) is not part of the contract.
  const message = error instanceof Error ? error.message : String(error);
  const foreignCode = codeOf(error);
  return {
    code: 'internal',
    message: `Unexpected error: ${message}. This is a bug in Strongroom; please report it.`,
    ...(foreignCode === undefined ? {} : { detail: { code: foreignCode } }),
  };
}

function codeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

export function isContractErrorShape(value: unknown): value is ContractErrorShape {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    isErrorCode((value as { code: string }).code) &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
