/**
 * The one base of every layer's error class: a stable code from the registry (`error-codes.ts`),
 * a message that says what to do next, an optional detail, and the `{code, message, detail?}`
 * shape it crosses every boundary as. The layers keep thin subclasses (`HostError`,
 * `StorageError`, `CoreError`, `ContractError`) so `instanceof` and the error's name still say
 * which layer raised it, and so each accepts only the codes its layer raises.
 */
import type { ErrorCode } from './error-codes';

export interface ErrorShape<C extends ErrorCode = ErrorCode> {
  code: C;
  message: string;
  detail?: Record<string, unknown>;
}

export class CodedError<C extends ErrorCode = ErrorCode> extends Error implements ErrorShape<C> {
  constructor(
    readonly code: C,
    message: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
  }

  toJSON(): ErrorShape<C> {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }
}
