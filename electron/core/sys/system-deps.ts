/** The services the `sys/` paths answer from: the same ones the contract methods use. */
import type { SealStatusView } from '../../common/contract/seal';
import type { AuditHasher } from '../audit/audit-hmac';
import type { LeaseManager } from '../leases/lease-manager';
import type { MountService } from '../mounts/mount-service';
import type { PluginService } from '../plugins/plugin-service';
import type { PolicyStore } from '../policies/policy-store';
import type { TokenStore } from '../tokens/token-store';
import type { ResponseWrapping } from '../wrapping/response-wrapping';

export interface SystemBackendDeps {
  mounts: MountService;
  plugins: PluginService;
  leases: LeaseManager;
  hasher: AuditHasher;
  policies: PolicyStore;
  /** For sys/capabilities (a token's policies), sys/capabilities-accessor, and leases/revoke-prefix under auth/token/. */
  tokens: TokenStore;
  sealStatus: () => SealStatusView;
  rotateKey: () => Promise<SealStatusView>;
  wrapping: ResponseWrapping;
}
