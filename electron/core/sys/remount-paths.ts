/**
 * `sys/remount` and `sys/remount/status/<migration id>`, as Vault ≥ 1.13 answers them: the move
 * gets a `migration_id`, which the CLI's `secrets move` polls until its status is "success" or
 * "failure". Strongroom moves a mount by restarting its plugin under the new path (its data stays
 * under the same uuid), which is quick, so the move is done before the answer and a bad move is an
 * error the caller sees at once instead of a "failure" status; the status is then already final.
 * The migrations are kept in memory (the newest 100) until the store is sealed, as Vault keeps them.
 */
import { randomUUID } from 'node:crypto';
import { CoreError } from '../core-errors';
import type { SystemPath } from './declare';
import { requiredText } from './fields';
import type { SystemBackendDeps } from './system-deps';
import { userMountAt } from './vault-mounts';

interface Migration {
  source_mount: string;
  target_mount: string;
  status: 'success';
}

const KEPT_MIGRATIONS = 100;

export function remountPaths(deps: SystemBackendDeps): SystemPath[] {
  const migrations = new Map<string, Migration>();
  const remember = (id: string, migration: Migration) => {
    migrations.set(id, migration);
    for (const old of migrations.keys()) {
      if (migrations.size <= KEPT_MIGRATIONS) break;
      migrations.delete(old);
    }
  };
  return [
    {
      pattern: 'remount/status/{migration_id}',
      fields: { migration_id: { type: 'nameString', description: 'The migration id sys/remount answered with.' } },
      helpSynopsis: 'The status of a mount move started with sys/remount.',
      operations: {
        read: {
          summary: 'Read the status of a mount move.',
          handler: async (data) => {
            const id = data.get<string>('migration_id');
            const migration = migrations.get(id);
            return migration === undefined ? null : { data: { migration_id: id, migration_info: { ...migration } } };
          },
        },
      },
    },
    {
      pattern: 'remount',
      fields: {
        from: { type: 'string', required: true, description: 'The current mount path, e.g. "secret".' },
        to: { type: 'string', required: true, description: 'The new mount path, e.g. "team/secret".' },
      },
      helpSynopsis: 'Move a mount to a new path.',
      helpDescription: 'The mount keeps its data, accessor and plugin; its leases are revoked (as Vault does). Answers a migration_id for sys/remount/status.',
      operations: {
        update: {
          summary: 'Move a mount to a new path.',
          handler: async (data) => {
            const from = userMountAt(deps, requiredText(data, 'from'), 'moved').path;
            const to = requiredText(data, 'to');
            // In Vault, auth/… names the auth method table: a secrets mount may not move there.
            if (to.replace(/^\/+/, '').startsWith('auth/')) {
              throw new CoreError('invalid_request', `Cannot move the secrets mount ${from} to "${to}": auth/ holds auth methods. Choose a path outside auth/.`, { httpStatus: 400 });
            }
            const moved = await deps.mounts.move(from, to);
            const id = randomUUID();
            remember(id, { source_mount: from, target_mount: moved.path, status: 'success' });
            return { data: { migration_id: id }, warnings: [`Mount moved from ${from} to ${moved.path}; sys/remount/status/${id} reports it as done.`] };
          },
        },
      },
    },
  ];
}
