/**
 * Errors cross every boundary (IPC, HTTP, WebSocket) as plain objects with a stable code and a
 * message that says what to do next. Codes come from the plugin host (handshake, sha256, plugin
 * exited…), the storage (sealed, corrupt…), the core (mount overlap…) and the contract boundary.
 */
export interface ContractErrorShape {
  code: string;
  message: string;
  detail?: Record<string, unknown>;
}

export class ContractError extends Error implements ContractErrorShape {
  override readonly name = 'ContractError';
  constructor(
    readonly code: string,
    message: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
  }

  toJSON(): ContractErrorShape {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }
}

/** Any thrown value → the wire shape. Unknown errors keep their message but get a generic code. */
export function toContractError(error: unknown): ContractErrorShape {
  if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error) {
    const { code, message, detail } = error as { code: unknown; message: unknown; detail?: unknown };
    if (typeof code === 'string' && typeof message === 'string') {
      const shape: ContractErrorShape = { code, message };
      if (detail !== undefined && typeof detail === 'object' && detail !== null) {
        shape.detail = detail as Record<string, unknown>;
      }
      return shape;
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Unexpected error: ${message}. This is a bug in Strongroom; please report it.` };
}

export function isContractErrorShape(value: unknown): value is ContractErrorShape {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
