/**
 * The users the plugin logs in: `users/<username>` (read, write, delete) and `users/` (list),
 * stored under the same key and in the same JSON as the Go twin (`examples/go/userpass`).
 */
import { errorResponse, listResponse } from '@strongroom/plugin-sdk';
import type { Fields, PathDefinition, Storage } from '@strongroom/plugin-sdk';
import { hashPassword } from './password';

export interface User {
  password_hash: string;
  token_policies: string[];
  /** Seconds; 0: the mount's default. */
  token_ttl: number;
  token_max_ttl: number;
}

export const NEW_USER_NEEDS_PASSWORD = 'a new user needs a password: write password=<password> with the user';

const userKey = (username: string) => `users/${username}`;
export const loadUser = (storage: Storage, username: string) => storage.getJSON<User>(userKey(username));

const userFields: Fields = {
  username: { type: 'string', description: 'The name the user logs in with.' },
  password: { type: 'string', description: 'The password; stored only as a scrypt hash.', displayAttrs: { sensitive: true } },
  token_policies: { type: 'commaStringSlice', description: 'Policies of the tokens a login gives this user.' },
  token_ttl: { type: 'duration', description: "Lifetime of the user's tokens (0: the mount's default)." },
  token_max_ttl: { type: 'duration', description: "How long the user's tokens may be renewed for (0: the mount's maximum)." },
};

export const userPaths: PathDefinition[] = [
  {
    pattern: 'users/',
    operations: {
      list: { summary: 'List the users.', handler: async (_req, { storage }) => listResponse(await storage.list('users/')) },
    },
    helpSynopsis: 'List the users.',
  },
  {
    pattern: 'users/{username}',
    fields: userFields,
    operations: {
      read: {
        summary: 'Read a user (never its password).',
        handler: async (_req, { storage, data }) => {
          const user = await loadUser(storage, data.get<string>('username'));
          if (user === undefined) return undefined;
          return { data: { token_policies: user.token_policies, token_ttl: user.token_ttl, token_max_ttl: user.token_max_ttl } };
        },
      },
      update: {
        summary: 'Create a user or change its password, policies or TTLs.',
        handler: async (_req, { storage, data }) => {
          const username = data.get<string>('username');
          const existing = await loadUser(storage, username);
          const password = data.getOk<string>('password');
          if (existing === undefined && (password === undefined || password === '')) return errorResponse(NEW_USER_NEEDS_PASSWORD);
          const user: User = {
            password_hash: password !== undefined && password !== '' ? await hashPassword(password) : existing!.password_hash,
            token_policies: data.getOk<string[]>('token_policies') ?? existing?.token_policies ?? [],
            token_ttl: data.getOk<number>('token_ttl') ?? existing?.token_ttl ?? 0,
            token_max_ttl: data.getOk<number>('token_max_ttl') ?? existing?.token_max_ttl ?? 0,
          };
          await storage.putJSON(userKey(username), user);
          return undefined;
        },
      },
      delete: {
        summary: 'Delete a user; its tokens can no longer be renewed.',
        handler: async (_req, { storage, data }) => void (await storage.delete(userKey(data.get<string>('username')))),
      },
    },
    helpSynopsis: 'Manage the users who may log in.',
    helpDescription: 'A user has a password (stored as a scrypt hash) and the policies, TTL and max TTL of the tokens its logins get.',
  },
];
