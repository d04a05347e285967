/**
 * Named host errors. Every failure that leaves the plugin host carries a stable code from the one
 * registry (`proto/wire/error-codes.ts`, raised by `host`) and a message that says what to do next
 * (go-plugin's habit: "the plugin usually only needs to be recompiled"). The core maps them onto
 * the contract's `{code, message, detail}` unchanged.
 */
import { CodedError } from '../proto/wire/coded-error';
import { ERROR_CODES, type ErrorCodeOf } from '../proto/wire/error-codes';

export type HostErrorCode = ErrorCodeOf<'host'>;

/** The codes the host raises, from the registry. */
export const HOST_ERROR_CODES: readonly HostErrorCode[] = ERROR_CODES.filter((entry) =>
  (entry.raisedBy as readonly string[]).includes('host'),
).map((entry) => entry.code as HostErrorCode);

export class HostError extends CodedError<HostErrorCode> {
  override readonly name = 'HostError';
}

export function isHostError(value: unknown): value is HostError {
  return value instanceof HostError;
}

/**
 * `plugin_stopped`, one text wherever it is raised: the request's plugin process or mount was
 * stopped on purpose (mount disabled, removed or reconfigured, plugin reloaded) while the request
 * waited. The host stopping as a whole is `host_shutting_down` instead: there is nothing to enable.
 */
export function pluginStoppedError(subject: string, detail?: Record<string, unknown>): HostError {
  return new HostError(
    'plugin_stopped',
    `${subject} was stopped while this request waited (its mount was disabled, removed or reconfigured, or the plugin ` +
      'was reloaded); the request was not completed. Retry it; if the mount was disabled, enable it first.',
    detail,
  );
}

/** The plugin host is stopping (the app quits or seals): no request is sent any more. */
export function hostShuttingDownError(): HostError {
  return new HostError(
    'host_shutting_down',
    'The plugin host is shutting down (Strongroom is quitting or sealing), so the request was not sent. ' +
      'Send it again once Strongroom is running and unsealed.',
  );
}
