/**
 * Named host errors. Every failure that leaves the plugin host carries one of these stable codes,
 * and a message that says what to do next (go-plugin's habit: "the plugin usually only needs to be
 * recompiled"). The core maps them onto the contract's `{code, message, detail}` unchanged.
 */
export const HOST_ERROR_CODES = [
  // catalog and binary checks
  'catalog_invalid_entry',
  'command_outside_plugin_dir',
  'plugin_binary_missing',
  'plugin_binary_not_executable',
  'plugin_binary_wrong_format',
  'sha256_mismatch',
  'plugin_not_found',
  // launch and handshake
  'spawn_failed',
  'start_timeout',
  'exited_before_handshake',
  'handshake_unrecognized',
  'incompatible_core_version',
  'incompatible_app_version',
  'unsupported_network',
  'bad_address',
  'unsupported_protocol',
  'bad_certificate',
  'plugin_unreachable',
  // running plugin
  'mount_not_found',
  'plugin_exited',
  'plugin_stopped',
  'plugin_backing_off',
  'plugin_memory_exceeded',
  'plugin_cpu_runaway',
  'deadline_exceeded',
  'setup_failed',
  'wrong_backend_type',
  'transport_error',
  'request_too_large',
  'response_too_large',
  // Vault error types carried in-band (pb.ProtoError.err_type)
  'user_error',
  'internal_error',
  'coded_error',
  'bad_request',
  'unsupported_operation',
  'unsupported_path',
  'invalid_request',
  'permission_denied',
  'multi_authz_pending',
  'unrecoverable',
  // storage port
  'invalid_storage_key',
  'storage_error',
  // the storage behind the port: a value that fails authentication, or the app sealed meanwhile
  'corrupt',
  'sealed',
] as const;

export type HostErrorCode = (typeof HOST_ERROR_CODES)[number];

export class HostError extends Error {
  override readonly name = 'HostError';
  constructor(
    readonly code: HostErrorCode,
    message: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
  }

  toJSON(): { code: HostErrorCode; message: string; detail?: Record<string, unknown> } {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }
}

export function isHostError(value: unknown): value is HostError {
  return value instanceof HostError;
}
