/**
 * Tokens that auth plugins' logins issue, and their renewals (Vault's `RegisterAuth` and
 * `ExpirationManager.RenewToken`). A login reply's `Auth` becomes a token (`login-grant.ts`); a
 * renewal of such a token is sent to the plugin that issued it as an auth `renew` request carrying
 * the `Auth` (its TTL, issue time and the increment asked for), and the plugin's answer sets the
 * new TTL within the mount's limits. A plugin that answers the renewal with an error (the role is
 * gone, the policies changed) has refused it, and the token ends: it is revoked. A plugin that
 * could not answer (it crashed, timed out) refused nothing, and the token stays as it was.
 */
import { isHostError, nanosToSeconds, secondsToNanos, type VaultAuth } from '../../../plugin-host';
import type { VaultAuth as AuthBlock } from '../../common/contract/requests';
import { CoreError } from '../core-errors';
import type { MountEntry, MountTable } from '../mounts/mount-table';
import type { PluginRuntime } from '../plugins/plugin-runtime';
import { authFromStore, loginGrant, loginPolicies, mountLimits, storedAuth } from './login-grant';
import { renewRefusal, sanitizePolicies, type TokenRecord } from './token-entry';
import type { TokenStore } from './token-store';
import { tokenAuth } from './token-views';

/** The codes of an error the plugin answered (its reply), as opposed to one of reaching it. */
const PLUGIN_ANSWER_CODES: ReadonlySet<string> = new Set([
  'user_error', 'internal_error', 'coded_error', 'bad_request', 'unsupported_operation', 'unsupported_path',
  'invalid_request', 'permission_denied', 'multi_authz_pending', 'unrecoverable',
]);

function sameIgnoringDefault(a: readonly string[], b: readonly string[]): boolean {
  const strip = (list: readonly string[]) => sanitizePolicies(list, false).filter((policy) => policy !== 'default');
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

export class LoginTokens {
  constructor(
    private readonly tokens: TokenStore,
    private readonly plugins: PluginRuntime,
    private readonly table: MountTable,
    private readonly now: () => number = Date.now,
  ) {}

  /** An auth plugin's login reply on `loginPath` (e.g. `auth/jwt/login`) → a token, and the envelope's `auth` block. */
  issue(mount: MountEntry, loginPath: string, auth: VaultAuth): { auth: AuthBlock; warnings: string[] } {
    const { grant, warnings } = loginGrant(mount, loginPath, auth, this.now());
    const issued = this.tokens.issueLogin(grant, warnings);
    return { auth: tokenAuth(issued.record, issued.id), warnings };
  }

  /** Renews any token: through its auth plugin when a login issued it, else in the store. */
  async renew(record: TokenRecord, increment: number): Promise<{ record: TokenRecord; warnings: string[] }> {
    const login = record.login;
    // Vault refuses an expired or non-renewable token before asking the plugin: so does the store.
    if (login === undefined || renewRefusal(record, this.now()) !== undefined) return this.tokens.renew(record.accessor, increment);
    const mount = this.table.get(login.mountUuid);
    if (mount === undefined) return this.refused(record, 'the auth method that issued it is no longer enabled');
    const stored = authFromStore(login.auth);
    const sent: VaultAuth = {
      ...stored,
      accessor: record.accessor,
      lease: { ...stored.lease, ttlNs: secondsToNanos(record.leaseTtl), ttlSeconds: record.leaseTtl, incrementNs: secondsToNanos(increment), issueTime: new Date(record.creationTime) },
    };
    let answered: VaultAuth | undefined;
    try {
      const { response } = await this.plugins.supervisor.request(mount.uuid, {
        operation: 'renew',
        path: record.path.slice(mount.path.length),
        data: {},
        auth: sent,
        mountType: mount.pluginName,
        mountAccessor: mount.accessor,
      });
      answered = response?.auth;
    } catch (error) {
      if (isHostError(error) && PLUGIN_ANSWER_CODES.has(error.code)) return this.refused(record, `failed to renew entry: ${error.message}`);
      throw error;
    }
    if (answered === undefined) return this.refused(record, 'the auth method answered the renewal without an auth');
    if (!sameIgnoringDefault(loginPolicies(answered), record.policies)) return this.refused(record, 'policies have changed, not renewing');
    const maxTtl = nanosToSeconds(answered.lease.maxTtlNs);
    return this.tokens.renew(record.accessor, increment, {
      backendTtl: answered.lease.ttlSeconds,
      period: nanosToSeconds(answered.periodNs),
      explicitMaxTtl: nanosToSeconds(answered.explicitMaxTtlNs),
      backendMaxTtl: maxTtl,
      ...mountLimits(mount),
      login: { ...login, maxTtl, auth: storedAuth(answered) },
    });
  }

  /** The plugin refused: the token ends (with its children), and the caller is told so. */
  private refused(record: TokenRecord, reason: string): never {
    this.tokens.revokeAccessor(record.accessor);
    throw new CoreError('token_not_renewable', `${reason}. The auth method refused the renewal, so the token has been revoked: log in again.`, { httpStatus: 400, path: record.path });
  }
}
