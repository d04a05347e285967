/**
 * What a handler can answer besides data. Two kinds of failure, kept apart as in Vault:
 * - `errorResponse('…')`: a normal response whose data is `{error}`; the host shows it to the
 *   user as a 400 with that text. Use it for anything the caller can fix.
 * - a thrown `PluginError` (or any Error): travels in-band as a typed `ProtoError`; the type picks
 *   the HTTP status (internal 500, permission denied 403, coded errors their own code…).
 */
import type { PluginResponse } from './types';

export function errorResponse(message: string): PluginResponse {
  return { data: { error: message } };
}

/** A list answer (`data.keys`), optionally with `key_info` per key. */
export function listResponse(keys: string[], keyInfo?: Record<string, unknown>): PluginResponse {
  return { data: keyInfo === undefined ? { keys } : { keys, key_info: keyInfo } };
}

/** Vault's error types (`pb.ProtoError.err_type`), by name. */
export const ERROR_KINDS = {
  unknown: 0,
  user: 1,
  internal: 2,
  coded: 3,
  badRequest: 4,
  unsupportedOperation: 5,
  unsupportedPath: 6,
  invalidRequest: 7,
  permissionDenied: 8,
  multiAuthzPending: 9,
  unrecoverable: 10,
} as const;
export type ErrorKind = keyof typeof ERROR_KINDS;

export class PluginError extends Error {
  override readonly name = 'PluginError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** HTTP status, for kind `coded`. */
    readonly status = 0,
  ) {
    super(message);
  }
}

export const userError = (message: string) => new PluginError('user', message);
export const internalError = (message: string) => new PluginError('internal', message);
export const codedError = (status: number, message: string) => new PluginError('coded', message, status);
export const badRequest = (message: string) => new PluginError('badRequest', message);
export const permissionDenied = () => new PluginError('permissionDenied', 'permission denied');
export const unsupportedPath = () => new PluginError('unsupportedPath', 'unsupported path');
export const unsupportedOperation = () => new PluginError('unsupportedOperation', 'unsupported operation');
