import { z } from 'zod';
import { requestPath } from './text';

/**
 * `write` is what a form submit sends: the plugin's existence check turns it into `create` or
 * `update` (Vault's POST). `create`/`update`/`patch` go through as given. A `read` of a path
 * ending in `/` becomes `list`.
 */
export const requestOperations = ['read', 'write', 'create', 'update', 'patch', 'delete', 'list', 'help'] as const;
export type RequestOperation = (typeof requestOperations)[number];

export const requestsMethods = {
  /**
   * `path` is the full path including the mount (`secret/data/app`); `sys/...` is the built-in
   * system backend. Errors: `no_mount` (no mount matches), `not_found` (read/list of nothing),
   * the plugin's own errors (`user_error`, `bad_request`, `unsupported_path`, `permission_denied`…
   * with `detail.httpStatus`), host errors (`plugin_exited`, `sha256_mismatch`…), `sealed`,
   * `bad_raw_reply` (the plugin's raw reply is one Vault's HTTP layer would answer 500 for).
   * A reply carrying `http_status_code` comes back as Vault's HTTP layer sends it: `status` and
   * `raw`, or, for a JSON body that is a whole Vault response (`logical.RespondWithStatusCode`,
   * PKI's tidy), that response's `data` and `warnings` with its `status`.
   */
  'requests.handle': z
    .object({
      path: requestPath,
      operation: z.enum(requestOperations),
      data: z.record(z.string(), z.unknown()).optional(),
      /**
       * Seconds: answer a single-use wrapping token instead of the reply (Vault's response
       * wrapping, the UI's "Share once"); the result then carries `wrapInfo` and no data.
       */
      wrapTtl: z.number().int().positive().optional(),
    })
    .strict(),
  /** The plugin's help for a path (a mount path alone: the whole backend), with its OpenAPI document. */
  'requests.help': z.object({ path: requestPath }).strict(),
} as const;

/** One storage call the plugin made while serving the request (key relative to the mount). */
export interface StorageTraceEntry {
  op: 'get' | 'put' | 'delete' | 'list';
  key: string;
  bytes: number;
  durationMs: number;
  error?: string;
  /** Other requests were in flight on the mount; the call may belong to one of them. */
  concurrent?: true;
}

export interface RequestMountView {
  path: string;
  type: string;
  accessor: string;
  uuid: string;
}

export interface SecretView {
  /** Set when the secret was registered with the lease manager. */
  leaseId: string | null;
  ttlSeconds: number;
  renewable: boolean;
}

/**
 * A body the plugin sent as its own HTTP reply (Vault's `http_raw_body`): text when the content
 * type is textual (PEM, JSON, `text/*`) and the bytes are UTF-8, base64 otherwise (DER, OCSP…).
 * Both are plain strings, so the reply crosses Electron's structured clone and the headless
 * bridge's JSON alike.
 */
export type RawBody = { text: string } | { base64: string };

/** A reply with its own status, content type and body (PKI's `ca/pem`, `crl`; SSH's `public_key`). */
export interface RawReply {
  status: number;
  /** `http_content_type`; null when the plugin sent none or an empty one. */
  contentType: string | null;
  /** Length of the body in bytes. */
  size: number;
  /** null when the body is empty (and always for 204, whose body Vault drops). */
  body: RawBody | null;
}

/**
 * The `auth` block of a reply that issues or renews a token (`auth/token/create`, `renew*`), in
 * the shape and with the field names of Vault's HTTP API.
 */
export interface VaultAuth {
  client_token: string;
  accessor: string;
  policies: string[];
  token_policies: string[];
  metadata: Record<string, string> | null;
  lease_duration: number;
  renewable: boolean;
  entity_id: string;
  token_type: 'service';
  orphan: boolean;
  mfa_requirement: null;
  num_uses: number;
}

/**
 * What a wrapped request answers instead of its reply (Vault's `wrap_info`): a single-use token
 * that `sys/wrapping/unwrap` exchanges for the reply, once, before `ttl` seconds pass.
 */
export interface WrapInfoView {
  token: string;
  accessor: string;
  /** Seconds the token lives. */
  ttl: number;
  /** RFC 3339. */
  creation_time: string;
  /** The path of the request whose reply is wrapped. */
  creation_path: string;
  /** The accessor of the token inside, when the wrapped reply issued one (Vault leaves it out otherwise). */
  wrapped_accessor?: string;
}

export interface RequestResult {
  requestId: string;
  /**
   * The HTTP status Vault would answer: the plugin's own (`http_status_code`, e.g. 202 for PKI's
   * tidy), else 204 for no reply and 200 for a reply.
   */
  status: number;
  /** The Vault operation actually sent (e.g. `create` for a `write` of a new path). */
  operation: string;
  mount: RequestMountView;
  /** Relative to the mount. */
  path: string;
  /** null for a raw reply (its body is in `raw`). */
  data: Record<string, unknown> | null;
  /**
   * Set when the plugin answered a body of its own (Vault's raw reply); `data` is then null. The
   * reply's own `warnings` are kept, though Vault's HTTP layer, which sends only the body, drops them.
   */
  raw: RawReply | null;
  warnings: string[];
  secret: SecretView | null;
  /** Set when the reply issued or renewed a token (Vault's `auth`); null otherwise. */
  auth: VaultAuth | null;
  /** Set when the reply was wrapped: `data`, `auth`, `secret` and `raw` are then empty, the reply waits behind the token. */
  wrapInfo: WrapInfoView | null;
  redirect: string | null;
  /** Matched special-path classes of the plugin (`root`, `unauthenticated`…), for display. */
  specialPaths: string[];
  trace: StorageTraceEntry[];
  durationMs: number;
}

export interface HelpResult {
  requestId: string;
  mount: RequestMountView;
  path: string;
  help: string;
  seeAlso: string[];
  /** The plugin's OpenAPI 3 document for this path (or the whole backend), when it sent one. */
  openapi: Record<string, unknown> | null;
  trace: StorageTraceEntry[];
  durationMs: number;
}

export interface RequestsResults {
  'requests.handle': RequestResult;
  'requests.help': HelpResult;
}
