/**
 * Turns a failed gRPC call into a HostError. Application errors never arrive here (Vault carries
 * them in-band); these are transport outcomes: deadline, dropped connection, unknown method.
 */
import { status } from '@grpc/grpc-js';
import { HostError } from '../errors';

/** A failed call's gRPC status (grpc-js CallStatus has the same two fields). */
export interface CallStatus {
  code: number;
  details: string;
}

export interface CallContext {
  plugin: string;
  method: string;
  timeoutMs: number;
}

export function isConnectionLoss(error: CallStatus): boolean {
  return error.code === status.UNAVAILABLE || error.code === status.CANCELLED || error.code === status.INTERNAL;
}

export function hostErrorFromStatus(error: CallStatus, context: CallContext): HostError {
  if (error.code === status.DEADLINE_EXCEEDED) {
    return new HostError(
      'deadline_exceeded',
      `Plugin "${context.plugin}" did not answer ${context.method} within ${context.timeoutMs} ms. ` +
        'The plugin may be overloaded or stuck; retry, or raise the request timeout for slow operations.',
      { method: context.method, timeoutMs: context.timeoutMs },
    );
  }
  if (error.code === status.RESOURCE_EXHAUSTED) {
    return new HostError(
      'response_too_large',
      `The answer of plugin "${context.plugin}" to ${context.method} was refused: ${error.details}. Ask for less data at once (e.g. list a smaller folder), or fix the plugin.`,
      { method: context.method, grpcCode: error.code },
    );
  }
  return new HostError(
    'transport_error',
    `Calling ${context.method} on plugin "${context.plugin}" failed at the gRPC level ` +
      `(${status[error.code] ?? error.code}: ${error.details}). If this repeats, check the plugin's log and restart it.`,
    { method: context.method, grpcCode: error.code, grpcDetails: error.details },
  );
}
