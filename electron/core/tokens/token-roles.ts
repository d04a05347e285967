/**
 * Token roles in the barrier, one JSON record per role at `core/tokens/roles/<name>` (Vault keeps
 * them in the token store's `roles/` view). Read from storage on each use, so an update or a
 * delete applies at once to the next create and renewal.
 */
import type { Storage } from '../../storage';
import type { TokenRole } from './token-role';

const ROLES = 'core/tokens/roles/';

export class TokenRoles {
  constructor(private readonly storage: Storage) {}

  get(name: string): TokenRole | undefined {
    const raw = this.storage.get(ROLES + name);
    return raw === undefined ? undefined : (JSON.parse(raw.toString('utf8')) as TokenRole);
  }

  put(role: TokenRole): void {
    this.storage.put(ROLES + role.name, Buffer.from(JSON.stringify(role)));
  }

  delete(name: string): void {
    this.storage.delete(ROLES + name);
  }

  /** Role names, sorted (Vault's LIST `auth/token/roles`). */
  list(): string[] {
    return this.storage.list(ROLES).filter((name) => !name.endsWith('/')).sort();
  }
}
