/**
 * The one error vocabulary. Every failure that crosses a boundary (plugin host → core, storage →
 * core, core → IPC/HTTP/WebSocket → renderer) carries one of these codes; `doc` says what the code
 * means and `fix` is its fix-it hint, the default next step a message gives when it has nothing more
 * specific to say. It lives in proto/wire/ because every layer may import it: the plugin host
 * (which may not see electron/), the core, the storage and the sandboxed renderer (the code union
 * types the contract's error shape). `raisedBy` says which layer raises a code; a code that two
 * layers raise (`mount_not_found`, `sealed`…) means the same thing in both.
 */
export type ErrorLayer = 'contract' | 'core' | 'host' | 'plugin' | 'storage' | 'renderer';

export interface ErrorCodeEntry {
  readonly code: string;
  readonly raisedBy: readonly ErrorLayer[];
  readonly doc: string;
  readonly fix: string;
}

const REPORT_BUG = 'This is a bug in Strongroom: report it with the message and detail.';
const SEE_LOG = "Open the plugin's log on the Plugins page: its last stderr lines say why.";

export const ERROR_CODES = [
  // ── the contract boundary (dispatcher, IPC, HTTP body) ──
  { code: 'internal', raisedBy: ['contract'], doc: 'An unexpected exception with no code of its own reached the boundary.', fix: REPORT_BUG },
  { code: 'unknown_method', raisedBy: ['contract'], doc: 'The method name is not part of the contract.', fix: 'Check the method name against the contract (electron/common/contract/).' },
  { code: 'invalid_arguments', raisedBy: ['contract'], doc: "The arguments do not match the method's schema.", fix: "Correct the fields the message names; the method's schema is in electron/common/contract/." },
  { code: 'invalid_json', raisedBy: ['contract'], doc: 'An HTTP request body is not UTF-8 JSON.', fix: 'Send {"method": "...", "args": {...}} as JSON text encoded as UTF-8.' },
  { code: 'forbidden_sender', raisedBy: ['contract'], doc: "An IPC call came from a frame that is not the app's own page, and was refused.", fix: 'Only the app window may call the contract; use the headless server for scripts.' },
  { code: 'connection_lost', raisedBy: ['renderer'], doc: "The renderer's connection to the app closed before the reply came.", fix: 'Reload the window; if the app quit, start it again.' },

  // ── the core (mounts, routing, plugins, leases) ──
  { code: 'invalid_mount_path', raisedBy: ['core'], doc: 'A mount path is empty or malformed.', fix: 'Use a path such as "secret/" or "team/kv/": letters, digits, "-", "_", "." and "/".' },
  { code: 'mount_overlap', raisedBy: ['core'], doc: 'A mount path is inside, or contains, an existing mount.', fix: 'Choose a path that neither starts nor is the start of an existing mount.' },
  { code: 'mount_reserved', raisedBy: ['core'], doc: 'A mount path is reserved by the core (sys/…).', fix: 'Choose another path; "sys/" and its children belong to the core.' },
  { code: 'mount_not_found', raisedBy: ['core', 'host'], doc: 'No mount has that path or id (removed, or never created).', fix: 'List the mounts and use one that exists, or create it first.' },
  { code: 'no_mount', raisedBy: ['core'], doc: 'A request path is under no mount.', fix: 'Prefix the path with a mount path from the mount list, or mount an engine there.' },
  { code: 'not_found', raisedBy: ['core'], doc: 'Nothing exists at the requested path.', fix: 'Check the path; list its parent to see what exists.' },
  { code: 'plugin_not_found', raisedBy: ['core', 'host'], doc: 'No catalog entry has that type, name and version.', fix: 'Register the plugin in the catalog first, or pick a registered version.' },
  { code: 'plugin_builtin', raisedBy: ['host'], doc: 'A built-in catalog entry (shipped with Strongroom, such as kv) cannot be removed or changed.', fix: 'Register your own build under another name, or unversioned under the same name to serve mounts that name no version.' },
  { code: 'plugin_in_use', raisedBy: ['core'], doc: 'A catalog entry cannot be removed while a mount uses it.', fix: 'Remove or re-point the mounts that use it first.' },
  { code: 'plugin_file_exists', raisedBy: ['core'], doc: 'The plugin directory already holds a file of that name.', fix: 'Choose another file name, or remove the existing file first.' },
  { code: 'invalid_plugin_directory', raisedBy: ['core'], doc: 'The plugin directory setting is not a usable directory.', fix: 'Set the plugin directory to an existing, absolute directory path.' },
  { code: 'invalid_lease_ttl', raisedBy: ['core'], doc: 'A lease TTL or increment is not a whole, non-negative duration.', fix: 'Give a duration such as "1h", "30m" or "3600".' },
  { code: 'lease_not_found', raisedBy: ['core'], doc: 'No lease has that id (expired, revoked or never issued).', fix: 'List the leases and use an id that exists.' },
  { code: 'lease_not_renewable', raisedBy: ['core'], doc: 'The lease was issued as not renewable.', fix: 'Request a new secret instead of renewing this one.' },
  { code: 'invalid_token', raisedBy: ['core'], doc: 'The token (or accessor) named in the request is unknown, expired, revoked or used up.', fix: 'Use a live token: list auth/token/accessors, or create a new token with auth/token/create.' },
  { code: 'token_not_renewable', raisedBy: ['core'], doc: 'The token cannot be renewed: it never expires, was created not renewable, has expired, or reached its max TTL.', fix: 'Create a new token (auth/token/create) instead of renewing this one.' },
  { code: 'invalid_wrapping_token', raisedBy: ['core'], doc: 'The token given to sys/wrapping/unwrap, lookup or rewrap is no live response-wrapping token: already unwrapped, expired, never existed, or an ordinary token.', fix: 'Ask whoever shared it for a new one (each wrapping token unwraps once); check with sys/wrapping/lookup before unwrapping.' },
  { code: 'wrapping_required', raisedBy: ['core'], doc: 'sys/wrapping/wrap was called without a wrap TTL.', fix: 'Send the X-Vault-Wrap-TTL header (e.g. 5m), or -wrap-ttl=5m with the CLI.' },
  { code: 'no_token', raisedBy: ['core'], doc: 'A `*-self` token path was called without a token: the UI acts as the owner and holds none.', fix: 'Call it over the Vault HTTP API with X-Vault-Token, or name the token in the path without -self (auth/token/lookup).' },
  { code: 'bad_raw_reply', raisedBy: ['core'], doc: "A plugin's raw HTTP reply (http_status_code…) is one Vault's HTTP layer would answer 500 for.", fix: "Report it to the plugin's authors; the detail holds the reply." },
  { code: 'auth_outside_login', raisedBy: ['core'], doc: "An auth plugin answered an Auth (a login's) on a path that is not one of its unauthenticated (login) paths; only a login issues a token, so none was issued.", fix: "Report it to the plugin's authors: only the paths it lists as unauthenticated may answer an Auth." },
  { code: 'invalid_api_address', raisedBy: ['core'], doc: 'STRONGROOM_API_ADDR is not a loopback address with a port (the Vault API listens on loopback only).', fix: 'Set STRONGROOM_API_ADDR to 127.0.0.1:PORT, localhost:PORT or [::1]:PORT (127.0.0.1:0 picks a free port), or unset it for 127.0.0.1:8200.' },
  { code: 'api_address_in_use', raisedBy: ['core'], doc: 'The port STRONGROOM_API_ADDR names is taken by another program.', fix: 'Stop the program on that port, choose another port in STRONGROOM_API_ADDR, or unset it (8200, or the next free port).' },

  // ── Vault's error kinds (core routing, and pb.ProtoError.err_type carried from a plugin) ──
  { code: 'unsupported_operation', raisedBy: ['core', 'host'], doc: 'The path exists but does not take this operation (logical.ErrUnsupportedOperation).', fix: "Use an operation the path's help lists." },
  { code: 'unsupported_path', raisedBy: ['core', 'host'], doc: 'The backend has no such path (logical.ErrUnsupportedPath).', fix: "Check the path against the backend's help." },
  { code: 'invalid_request', raisedBy: ['core', 'host'], doc: 'The request is malformed for this path (logical.ErrInvalidRequest).', fix: "Correct the request as the message says; the path's help lists its fields." },
  { code: 'user_error', raisedBy: ['host'], doc: 'The plugin refused the request as bad input (err_type 1).', fix: "Correct the input as the plugin's message says." },
  { code: 'internal_error', raisedBy: ['host'], doc: 'The plugin failed internally (err_type 2).', fix: "Retry; if it persists, report it to the plugin's authors." },
  { code: 'coded_error', raisedBy: ['host'], doc: 'The plugin answered with its own HTTP status (err_type 3, logical.CodedError).', fix: "Follow the plugin's message." },
  { code: 'bad_request', raisedBy: ['host', 'contract'], doc: 'The plugin called the request bad (err_type 4, logical.ErrBadRequest), or its HTTP body could not be read.', fix: 'Correct the request as the message says, or send it again.' },
  { code: 'permission_denied', raisedBy: ['host', 'core'], doc: 'The plugin denied the request (err_type 8, logical.ErrPermissionDenied), or the core did: it refused the token (missing, unknown, expired, revoked or used up), or a preflight for a path under no mount (which must not reveal which mounts exist).', fix: "Send a valid token (X-Vault-Token) and check the path's mount (sys/mounts); for a plugin's refusal, check its configuration for who may do this." },
  { code: 'multi_authz_pending', raisedBy: ['host'], doc: 'The request needs further approval (err_type 9).', fix: 'Approve the request where the plugin asks, then send it again.' },
  { code: 'unrecoverable', raisedBy: ['host'], doc: 'The plugin reported an unrecoverable error (err_type 10).', fix: "Reload the plugin; if it persists, report it to the plugin's authors." },

  // ── the plugin host: catalog and binary checks ──
  { code: 'catalog_invalid_entry', raisedBy: ['host'], doc: 'A catalog entry is incomplete or malformed (name, type, version, command, sha256).', fix: 'Correct the field the message names and register again.' },
  { code: 'command_outside_plugin_dir', raisedBy: ['host'], doc: "A plugin's command resolves outside the plugin directory (a path or a symlink).", fix: 'Copy the binary into the plugin directory and register it by its file name.' },
  { code: 'plugin_binary_missing', raisedBy: ['host'], doc: "The plugin's binary is not in the plugin directory.", fix: 'Put the binary back, or register the plugin again with the right file name.' },
  { code: 'plugin_binary_not_executable', raisedBy: ['host'], doc: "The plugin's file is not executable.", fix: 'Make it executable (chmod +x) and try again.' },
  { code: 'plugin_binary_wrong_format', raisedBy: ['host'], doc: "The plugin's file is not a program for this OS and CPU.", fix: 'Build or download the plugin for this platform.' },
  { code: 'sha256_mismatch', raisedBy: ['host'], doc: "The binary's SHA-256 differs from the one registered (the file changed).", fix: 'Register the plugin again with the new SHA-256 if the change is intended.' },

  // ── the plugin host: launch and handshake ──
  { code: 'spawn_failed', raisedBy: ['host'], doc: 'The operating system could not start the plugin process.', fix: 'Check that the binary runs from a shell; the message gives the OS error.' },
  { code: 'start_timeout', raisedBy: ['host'], doc: 'The plugin printed no handshake line within the start timeout.', fix: `${SEE_LOG} If it is only slow, raise its start timeout.` },
  { code: 'exited_before_handshake', raisedBy: ['host'], doc: 'The plugin exited before it printed its handshake line.', fix: SEE_LOG },
  { code: 'handshake_unrecognized', raisedBy: ['host'], doc: "The plugin's first stdout line is not a go-plugin handshake (not a plugin, or it printed first).", fix: 'Check that the file is a Vault plugin and prints nothing before serving.' },
  { code: 'incompatible_core_version', raisedBy: ['host'], doc: "The plugin speaks another go-plugin core protocol version.", fix: 'Rebuild the plugin against a current go-plugin.' },
  { code: 'incompatible_app_version', raisedBy: ['host'], doc: "The plugin speaks none of the Vault plugin protocol versions we offer.", fix: 'Rebuild the plugin against a current Vault SDK.' },
  { code: 'unsupported_network', raisedBy: ['host'], doc: 'The handshake names a network other than unix or tcp.', fix: 'Rebuild the plugin with a current go-plugin.' },
  { code: 'bad_address', raisedBy: ['host'], doc: "The handshake's address is malformed.", fix: 'Rebuild the plugin with a current go-plugin.' },
  { code: 'unsupported_protocol', raisedBy: ['host'], doc: 'The handshake names a protocol other than grpc (netrpc plugins are not supported).', fix: 'Use a gRPC build of the plugin.' },
  { code: 'bad_certificate', raisedBy: ['host'], doc: "The plugin's AutoMTLS certificate (handshake field 6) cannot be parsed.", fix: 'Rebuild the plugin with a current go-plugin.' },
  { code: 'plugin_unreachable', raisedBy: ['host'], doc: 'The plugin announced an address, but it does not answer there.', fix: SEE_LOG },

  // ── the plugin host: a running plugin ──
  { code: 'plugin_exited', raisedBy: ['host'], doc: 'The plugin process exited while serving requests.', fix: `It restarts on the next request. ${SEE_LOG}` },
  { code: 'plugin_stopped', raisedBy: ['host'], doc: "The request's plugin process or mount was stopped (mount disabled, removed, reconfigured or reloaded) while the request waited.", fix: 'Retry the request; if the mount was disabled, enable it first.' },
  { code: 'host_shutting_down', raisedBy: ['host'], doc: 'The app is quitting (or sealing), so the plugin host sends no more requests.', fix: 'Nothing to fix: send the request again once the app is running and unsealed.' },
  { code: 'plugin_backing_off', raisedBy: ['host'], doc: 'The plugin failed to start several times in a row, so restarts are paused for a while.', fix: `Wait for the time the message gives, or fix the cause first. ${SEE_LOG}` },
  { code: 'plugin_memory_exceeded', raisedBy: ['host'], doc: 'The plugin went over its memory ceiling and was stopped.', fix: 'Raise its memoryLimitMiB if it needs more; if it keeps growing, report the leak.' },
  { code: 'plugin_cpu_runaway', raisedBy: ['host'], doc: 'The plugin missed a deadline and kept its CPU busy afterwards, so it was killed as stuck.', fix: "Report the request to the plugin's authors; it restarts on the next request." },
  { code: 'deadline_exceeded', raisedBy: ['host'], doc: 'The plugin did not answer within the request timeout.', fix: 'Retry; if the plugin is only slow, raise the request timeout.' },
  { code: 'setup_failed', raisedBy: ['host'], doc: "The plugin's Setup (backend factory) refused the mount's configuration.", fix: "Correct the mount's configuration as the message says." },
  { code: 'wrong_backend_type', raisedBy: ['host'], doc: "The plugin's backend is not of the type the catalog registered (secret vs auth).", fix: 'Register the plugin under the type it reports.' },
  { code: 'transport_error', raisedBy: ['host'], doc: 'A gRPC call to the plugin failed in transport (not an answer from the plugin).', fix: `Retry; ${SEE_LOG}` },
  { code: 'request_too_large', raisedBy: ['host', 'contract'], doc: "The request is larger than a limit on its way (the headless server's body limit, or the gRPC message limit).", fix: 'Send less data in one request.' },
  { code: 'response_too_large', raisedBy: ['host'], doc: "The plugin's reply is larger than the gRPC message limit.", fix: 'Ask for less (a narrower path or a page of a list).' },
  { code: 'storage_error', raisedBy: ['host'], doc: "The storage behind a plugin's storage port failed with no code of its own.", fix: REPORT_BUG },

  // ── the storage ──
  { code: 'sealed', raisedBy: ['storage', 'host'], doc: 'The store is sealed: no key is in memory, so nothing can be read or written.', fix: 'Unseal with your passphrase.' },
  { code: 'not_initialized', raisedBy: ['storage'], doc: 'No passphrase has been chosen yet for this data directory.', fix: 'Initialise Strongroom: choose a passphrase.' },
  { code: 'already_initialized', raisedBy: ['storage'], doc: '`init` was called on a data directory that already has a passphrase.', fix: 'Unseal with the existing passphrase instead.' },
  { code: 'wrong_passphrase', raisedBy: ['storage'], doc: 'The passphrase did not unwrap the root key; nothing was changed.', fix: 'Check the passphrase and try again.' },
  { code: 'weak_passphrase', raisedBy: ['storage'], doc: 'The chosen passphrase is too short to resist guessing.', fix: 'Choose a passphrase of at least 12 characters.' },
  { code: 'corrupt', raisedBy: ['storage', 'host'], doc: 'A stored value or key record failed its integrity check (tampered, truncated or moved).', fix: 'Restore the data directory from a backup, or delete the entry the message names.' },
  { code: 'invalid_storage_key', raisedBy: ['storage', 'host'], doc: "A plugin's storage key breaks Vault's key rules (contains `..`) or cannot be stored (a lone surrogate).", fix: "Report it to the plugin's authors: the key is theirs." },
  { code: 'invalid_key', raisedBy: ['storage'], doc: 'A storage path used by the core itself is malformed.', fix: REPORT_BUG },
  { code: 'unsupported_schema', raisedBy: ['storage'], doc: 'The database was written by a newer Strongroom whose schema this build does not know.', fix: 'Run the newer Strongroom, or restore a backup made by this version.' },
  { code: 'closed', raisedBy: ['storage'], doc: 'The storage was closed (the app is quitting).', fix: 'Open it again: restart the app.' },
] as const satisfies readonly ErrorCodeEntry[];

/** Every code that may cross the contract. */
export type ErrorCode = (typeof ERROR_CODES)[number]['code'];

type CodeIfRaisedBy<E, L> = E extends { code: infer C; raisedBy: readonly (infer R)[] } ? (L extends R ? C : never) : never;

/** The codes one layer raises (a layer's error class accepts only these). */
export type ErrorCodeOf<L extends ErrorLayer> = CodeIfRaisedBy<(typeof ERROR_CODES)[number], L>;

const BY_CODE: ReadonlyMap<string, ErrorCodeEntry> = new Map(ERROR_CODES.map((entry) => [entry.code, entry]));

export function isErrorCode(value: string): value is ErrorCode {
  return BY_CODE.has(value);
}

/** The registry entry of a code, or undefined for a string that is not one. */
export function errorCodeEntry(code: string): ErrorCodeEntry | undefined {
  return BY_CODE.get(code);
}
