/** `sys/audit`, `sys/audit-hash/<device>`, `sys/seal-status`, `sys/key-status`, `sys/rotate`: declared like plugin paths. */
import type { SealStatusView } from '../../common/contract/seal';
import type { SystemPath } from './declare';
import { requiredText } from './fields';
import type { SystemBackendDeps } from './system-deps';

const AUDIT_DEVICES = {
  'sqlite/': { type: 'sqlite', path: 'sqlite/', description: 'The audit_log table of the Strongroom database (values HMAC-SHA256).', options: {}, local: true },
};

/** Vault's key status, less `encryptions`: the barrier does not count the values it encrypts. */
function keyStatus(status: SealStatusView) {
  return { data: { term: status.activeKeyTerm ?? null, install_time: status.activeKeyInstalledAt ?? null } };
}

export function keyPaths(deps: SystemBackendDeps): SystemPath[] {
  const devices = async () => ({ data: AUDIT_DEVICES });
  return [
    {
      pattern: 'audit/',
      helpSynopsis: 'List the audit devices (one: the audit table of the Strongroom database).',
      operations: { read: { summary: 'List the audit devices.', handler: devices }, list: { summary: 'List the audit devices.', handler: devices } },
    },
    {
      pattern: 'audit-hash/{path*}',
      fields: {
        path: { type: 'string', description: 'The audit device, e.g. "sqlite".' },
        input: { type: 'string', required: true, description: 'The value to hash, to find where it shows in the audit log.', displayAttrs: { sensitive: true } },
      },
      helpSynopsis: 'The HMAC the audit log would show for a value.',
      operations: { update: { summary: 'Hash a value as the audit log does.', handler: async (data) => ({ data: { hash: deps.hasher.hash(requiredText(data, 'input')) } }) } },
    },
    {
      pattern: 'seal-status',
      helpSynopsis: 'Whether the store is initialised and sealed.',
      operations: {
        read: {
          summary: 'Read the seal status.',
          handler: async () => {
            const { initialized, sealed } = deps.sealStatus();
            return { data: { type: 'passphrase', initialized, sealed } };
          },
        },
      },
    },
    {
      pattern: 'key-status',
      helpSynopsis: 'The term and install time of the key new writes are encrypted with.',
      operations: { read: { summary: 'Read the active key status.', handler: async () => keyStatus(deps.sealStatus()) } },
    },
    // Vault answers 204: the new term is read from sys/key-status. OpenBao's CLI (`operator rotate`) sends rotate/keyring.
    ...['rotate', 'rotate/keyring'].map((pattern) => ({
      pattern,
      helpSynopsis: 'Install a new encryption key for new writes (older values stay readable).',
      operations: {
        update: {
          summary: 'Rotate the encryption key.',
          handler: async () => {
            await deps.rotateKey();
            return null;
          },
        },
      },
    })),
  ];
}
