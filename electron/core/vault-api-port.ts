/**
 * What the Vault HTTP API (`electron/vault-api/`) needs from the core, as one port: the lifecycle
 * (status, init, unseal, seal), the router (requests and help, as every client's requests go), the
 * token check and the install's cluster identity. Not the contract's dispatch: the API carries
 * tokens and Vault's semantics, and answers while sealed only what Vault answers while sealed.
 */
import { createHash } from 'node:crypto';
import type { HelpResult, RequestOperation, RequestResult } from '../common/contract/requests';
import type { SealStatusView } from '../common/contract/seal';
import type { CoreLifecycle } from './core-lifecycle';
import type { AclDecision, AclOperation } from './policies/acl';

/** OpenBao's 403 text for a refusal by policy. */
export { PERMISSION_DENIED_TEXT } from './policies/access-check';
import type { PathAccess, RequestArgs } from './router/request-router';

export type { PathAccess };
import type { CallerToken } from './tokens/token-entry';

/** The authenticated caller of an API request: the token store's entry, id-free. */
export type ApiCaller = CallerToken;

export interface VaultApiPort {
  sealStatus(): SealStatusView;
  /** Stable per data directory, as Vault's cluster name and id are per cluster. */
  cluster(): { name: string; id: string };
  /** Chooses the passphrase and unseals; the root token, returned this once. */
  init(passphrase: string): Promise<{ rootToken: string }>;
  unseal(passphrase: string): Promise<SealStatusView>;
  seal(): Promise<SealStatusView>;
  handle(args: RequestArgs): Promise<RequestResult>;
  help(path: string): Promise<HelpResult>;
  /** Whether a request on `path` needs a token: a plugin's unauthenticated special paths (logins) do not. */
  pathAccess(path: string, operation?: RequestOperation): Promise<PathAccess>;
  /** The caller a token stands for; undefined for an unknown, expired or revoked one. */
  authenticate(token: string): ApiCaller | undefined;
  /** What the caller's policies allow on a path the HTTP layer serves itself (`sys/seal` needs update and sudo). */
  access(caller: ApiCaller, operation: AclOperation, path: string): AclDecision;
  /** Audits a request refused for its token, as Vault logs failed attempts (nothing while sealed: no log is open); settles once committed. */
  auditRefusedToken(path: string, operation: string): Promise<void>;
  /** Where the API listens, once it does (shown by `app.info`). */
  announce(url: string): void;
}

export interface VaultApiPortOptions {
  lifecycle: CoreLifecycle;
  dataDir: string;
  onAnnounce: (url: string) => void;
}

export function createVaultApiPort({ lifecycle, dataDir, onAnnounce }: VaultApiPortOptions): VaultApiPort {
  const digest = createHash('sha256').update(`strongroom-cluster:${dataDir}`).digest('hex');
  const cluster = {
    name: `strongroom-${digest.slice(0, 8)}`,
    id: `${digest.slice(8, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 24)}-${digest.slice(24, 28)}-${digest.slice(28, 40)}`,
  };
  return {
    sealStatus: () => lifecycle.status(),
    cluster: () => cluster,
    init: async (passphrase) => ({ rootToken: (await lifecycle.init(passphrase)).rootToken }),
    unseal: (passphrase) => lifecycle.unseal(passphrase),
    seal: () => lifecycle.seal(),
    handle: (args) => lifecycle.core().router.handle(args),
    help: (path) => lifecycle.core().router.help(path),
    pathAccess: (path, operation) => lifecycle.core().router.pathAccess(path, operation),
    // Sealed, no token is known (the API answers 503 before it asks).
    authenticate: (token) => (lifecycle.isUnsealed() ? lifecycle.core().tokens.authenticate(token) : undefined),
    access: (caller, operation, path) => lifecycle.core().policies.acl(caller.policies).allows(operation, path, {}),
    auditRefusedToken: async (path, operation) => {
      if (lifecycle.isUnsealed()) await lifecycle.core().router.auditRefusedToken(path, operation);
    },
    announce: onAnnounce,
  };
}
