/** `sys/audit`, `sys/audit-hash/<device>`, `sys/seal-status`, `sys/key-status`, `sys/rotate`, `sys/capabilities-self`: declared like plugin paths. */
import type { SealStatusView } from '../../common/contract/seal';
import { CoreError } from '../core-errors';
import type { FieldData, SystemPath } from './declare';
import { requiredText } from './fields';
import type { SystemBackendDeps } from './system-deps';

const AUDIT_DEVICES = {
  'sqlite/': { type: 'sqlite', path: 'sqlite/', description: 'The audit_log table of the Strongroom database (values HMAC-SHA256).', options: {}, local: true },
};

/** Vault's key status, less `encryptions`: the barrier does not count the values it encrypts. */
function keyStatus(status: SealStatusView) {
  return { data: { term: status.activeKeyTerm ?? null, install_time: status.activeKeyInstalledAt ?? null } };
}

/**
 * Vault's answer for a root token: `["root"]` for each path, keyed by path, and (kept by Vault for
 * old clients) under `capabilities` too when one path was asked about. Policies (issue 14) will
 * narrow it; until then every valid token may do everything.
 */
function capabilities(data: FieldData) {
  const paths = data.get<string[]>('paths').length > 0 ? data.get<string[]>('paths') : data.get<string[]>('path');
  if (paths.length === 0) throw new CoreError('invalid_request', 'paths must be supplied: give "paths", a list of request paths such as ["secret/data/app"].', { httpStatus: 400 });
  const out: Record<string, string[]> = {};
  for (const path of paths) out[path] = ['root'];
  if (paths.length === 1) out['capabilities'] = ['root'];
  return { data: out };
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
      pattern: 'capabilities-self',
      fields: {
        paths: { type: 'commaStringSlice', description: 'The paths to ask about, e.g. ["secret/data/app", "sys/mounts"].' },
        path: { type: 'commaStringSlice', description: 'The same as paths (the older field name).' },
      },
      helpSynopsis: "The caller's capabilities on paths: every valid token has full access until policies exist, as a root token.",
      operations: { update: { summary: "Read the caller's capabilities on paths.", handler: async (data) => capabilities(data) } },
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
