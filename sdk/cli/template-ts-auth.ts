/**
 * What `plugin:new --kind auth` puts in a TypeScript project instead of the secrets engine: an
 * auth method whose `login` path (no token needed) checks a shared secret written to `config`
 * and answers a token with the configured policies; renewal is refused once `config` is deleted.
 * The rest of the project (package.json, build, entry point) is the engine's.
 */
import { developmentModeSection } from './template-dev-mode';
import { standaloneLine } from './template-ts';

export function tsAuthFiles(ctx: { name: string; sdkTarball: string }): Record<string, string> {
  return {
    'src/backend.ts': `// The ${ctx.name} auth method: write a shared \`secret\` and the \`token_policies\` its tokens get
// to config, then log in at login with that secret, no token needed. Replace login's check with
// your own (a password, a signed assertion…); keep the Auth it answers.
import { createHash, timingSafeEqual } from 'node:crypto';
import { defineBackend, errorResponse, renewedAuth } from '@strongroom/plugin-sdk';
import type { Storage } from '@strongroom/plugin-sdk';

interface Config {
  /** Only a hash of the secret is stored. */
  secret_sha256: string;
  token_policies: string[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();
const loadConfig = (storage: Storage) => storage.getJSON<Config>('config');

export const backend = defineBackend({
  type: 'auth',
  version: 'v0.1.0',
  help: 'The ${ctx.name} auth method. Write secret and token_policies to config, then log in at login with the secret.',
  // Reachable without a token: the host lets login requests through to the plugin.
  specialPaths: { unauthenticated: ['login'] },
  paths: [
    {
      pattern: 'config',
      fields: {
        secret: { type: 'string', required: true, description: 'The shared secret a login must present.', displayAttrs: { sensitive: true } },
        token_policies: { type: 'commaStringSlice', description: 'Policies of the tokens a login gets.' },
      },
      operations: {
        read: {
          summary: 'Read the configuration (never the secret).',
          handler: async (_req, { storage }) => {
            const config = await loadConfig(storage);
            return config === undefined ? undefined : { data: { token_policies: config.token_policies } };
          },
        },
        update: {
          summary: 'Set the shared secret and the policies of the tokens.',
          handler: async (_req, { storage, data }) => {
            const config: Config = { secret_sha256: sha256(data.get<string>('secret')).toString('hex'), token_policies: data.get<string[]>('token_policies') };
            await storage.putJSON('config', config);
            return undefined;
          },
        },
        delete: { summary: 'Remove the configuration: no more logins or renewals.', handler: async (_req, { storage }) => void (await storage.delete('config')) },
      },
      helpSynopsis: 'Configure the auth method.',
    },
    {
      pattern: 'login',
      fields: { secret: { type: 'string', description: 'The shared secret.', displayAttrs: { sensitive: true } } },
      operations: {
        update: {
          summary: 'Log in with the shared secret.',
          handler: async (_req, { storage, data }) => {
            const config = await loadConfig(storage);
            if (config === undefined) return errorResponse('the auth method is not configured yet: write secret to config first');
            if (!timingSafeEqual(sha256(data.get<string>('secret')), Buffer.from(config.secret_sha256, 'hex'))) return errorResponse('invalid secret');
            return {
              auth: {
                policies: config.token_policies,
                tokenPolicies: config.token_policies,
                renewable: true,
                displayName: 'shared-secret',
                metadata: { method: 'shared-secret' },
                alias: { name: 'shared-secret' },
              },
            };
          },
        },
      },
      helpSynopsis: 'Log in with the shared secret; answers a token.',
    },
  ],
  // Asked each time a token from login is renewed: refuse once the method is unconfigured.
  authRenew: async (req, { storage }) =>
    (await loadConfig(storage)) === undefined ? errorResponse('the auth method is no longer configured: log in again once it is') : renewedAuth(req),
});
`,
    'test/backend.test.ts': `import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testMount } from '@strongroom/plugin-sdk';
import { backend } from '../src/backend';

it('logs in with the configured secret and renews while configured', async () => {
  const mount = await testMount(backend);
  await mount.request('update', 'config', { secret: 'let me in', token_policies: 'reader' });
  assert.deepEqual((await mount.request('update', 'login', { secret: 'wrong' }))?.data, { error: 'invalid secret' });
  const login = await mount.request('update', 'login', { secret: 'let me in' });
  assert.deepEqual(login?.auth?.policies, ['reader']);
  assert.equal((await mount.renewAuth({ path: 'login', auth: login!.auth! }))?.auth?.renewable, true);
  await mount.request('delete', 'config');
  assert.match(String((await mount.renewAuth({ path: 'login', auth: login!.auth! }))?.data?.['error']), /no longer configured/);
});
`,
    'README.md': `# ${ctx.name}

A Vault-compatible auth method plugin written with the Strongroom TypeScript SDK.

- \`src/backend.ts\`: the auth method, declared as data: \`config\` (a shared secret and the
  policies of the tokens), \`login\` (no token needed: listed in \`specialPaths.unauthenticated\`),
  and \`authRenew\`, asked whenever a token it issued is renewed.
- \`src/main.ts\`: the binary's entry point (\`serve(backend)\`).
- \`${ctx.sdkTarball}\`: the SDK, packed from the Strongroom checkout this project was made
  from (until \`@strongroom/plugin-sdk\` is published).

After \`npm install\`: \`npm test\`, \`npm run typecheck\`, \`npm run build\` (→ \`dist/${ctx.name}\`
and its sha256), and:

${standaloneLine(ctx.name)}

Register the file as an **auth** plugin with Strongroom, or with Vault/OpenBao:

    cp dist/${ctx.name} <plugin directory>/
    vault plugin register -sha256=<sha256> auth ${ctx.name}
    vault auth enable ${ctx.name}
    vault write auth/${ctx.name}/config secret='let me in' token_policies=default
    vault write auth/${ctx.name}/login secret='let me in'     # no token needed

${developmentModeSection({ name: ctx.name, lang: 'ts', kind: 'auth' })}`,
  };
}
