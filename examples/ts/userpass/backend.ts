/**
 * The userpass auth method: users (users.ts) log in at `login/<username>` with their password,
 * without a token, and get a token with the user's policies and TTLs. Renewing that token asks
 * the plugin again, which refuses once the user is deleted or its policies have changed.
 */
import { defineBackend, errorResponse, renewedAuth } from '@strongroom/plugin-sdk';
import { verifyPassword } from './password';
import { loadUser, userPaths } from './users';

export const INVALID_CREDENTIALS = 'invalid username or password';

/** The host adds `default` to the policies it stores with the token, so it does not count (as Vault's `EquivalentPolicies`). */
const policyKey = (policies: readonly string[]) => [...new Set(policies)].filter((policy) => policy !== 'default').sort().join(',');
const samePolicies = (a: readonly string[], b: readonly string[]) => policyKey(a) === policyKey(b);

export const userpassBackend = defineBackend({
  type: 'auth',
  version: 'v0.1.0',
  help: 'The userpass auth method logs users in with a username and a password.\n\nWrite a user to "users/<username>", then log in at "login/<username>" with its password.',
  specialPaths: { unauthenticated: ['login/*'] },
  paths: [
    ...userPaths,
    {
      pattern: 'login/{username}',
      fields: {
        username: { type: 'string', description: 'The name the user logs in with.' },
        password: { type: 'string', description: "The user's password.", displayAttrs: { sensitive: true } },
      },
      operations: {
        update: {
          summary: 'Log in with a username and password.',
          handler: async (_req, { storage, data }) => {
            const username = data.get<string>('username');
            const user = await loadUser(storage, username);
            if (user === undefined || !(await verifyPassword(data.get<string>('password'), user.password_hash))) return errorResponse(INVALID_CREDENTIALS);
            return {
              auth: {
                policies: user.token_policies,
                tokenPolicies: user.token_policies,
                ttlSeconds: user.token_ttl,
                maxTtlSeconds: user.token_max_ttl,
                renewable: true,
                metadata: { username },
                displayName: username,
                internalData: { username },
                alias: { name: username },
              },
            };
          },
        },
      },
      helpSynopsis: 'Log in with a username and password.',
      helpDescription: "Answers a token with the user's policies; no token is needed to call it.",
    },
  ],
  authRenew: async (req, { storage }) => {
    const username = String(req.auth.internalData['username']);
    const user = await loadUser(storage, username);
    if (user === undefined) return errorResponse(`user "${username}" no longer exists, so its tokens cannot be renewed`);
    if (!samePolicies(user.token_policies, req.auth.tokenPolicies)) {
      return errorResponse("the user's token_policies changed since this token was issued: log in again for a token with the new policies");
    }
    return renewedAuth(req, { ttlSeconds: user.token_ttl, maxTtlSeconds: user.token_max_ttl });
  },
});
