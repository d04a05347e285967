/**
 * The Go `strongroom-custom` fixture (test/fixtures/plugins/go/custom) declared again with the TS
 * SDK: same patterns, fields, operations, display attributes and help text. The golden test
 * compares the help/OpenAPI both produce.
 */
import { defineBackend, errorResponse, listResponse, userError } from '@strongroom/plugin-sdk';
import type { Fields, HandlerContext } from '@strongroom/plugin-sdk';

const NOT_CONFIGURED = 'plugin is not configured yet';
const configPrefix = (ctx: HandlerContext) => ctx.storage.getJSON<{ custom_prefix: string }>('config');
const userKey = (ctx: HandlerContext) => `users/${ctx.data.get<string>('username')}`;

const userFields: Fields = {
  username: { type: 'nameString', description: 'Name of the user.' },
  email: {
    type: 'string',
    required: true,
    description: 'Contact address of the user. Required when the user is created.',
    displayAttrs: { name: 'Email address' },
  },
  admin: { type: 'bool', default: false, description: 'Whether the user may administer the engine.', displayAttrs: { name: 'Administrator' } },
  ttl: {
    type: 'duration',
    description: 'How long credentials issued to the user stay valid, e.g. 1h or 3600.',
    displayAttrs: { name: 'Credential TTL', group: 'Advanced' },
  },
  groups: {
    type: 'commaStringSlice',
    description: 'Groups the user belongs to, as a list or a comma-separated string.',
    displayAttrs: { name: 'Groups', group: 'Advanced' },
  },
  password: {
    type: 'string',
    description: "The user's password. Write-only: it is never returned.",
    displayAttrs: { name: 'Password', sensitive: true },
  },
};

async function writeUser(ctx: HandlerContext) {
  const stored = (await ctx.storage.getJSON<Record<string, unknown>>(userKey(ctx))) ?? {};
  for (const name of ['email', 'admin', 'ttl', 'groups', 'password']) if (ctx.data.has(name)) stored[name] = ctx.data.get(name);
  await ctx.storage.putJSON(userKey(ctx), stored);
  return undefined;
}

export const customEquivalent = defineBackend({
  help:
    "The strongroom-custom engine is a test fixture for Strongroom's plugin host.\n\n" +
    'Write a prefix to "config", then read "hello/<name>" to get the prefix followed\n' +
    'by the name. "users/<username>" stores typed user records that can be listed,\n' +
    'read, updated and deleted.',
  paths: [
    {
      pattern: 'config',
      displayAttrs: { operationPrefix: 'strongroom-custom', navigation: true, itemType: 'Configuration' },
      fields: {
        custom_prefix: {
          type: 'string',
          required: true,
          description: 'Text put in front of every name that hello/<name> greets.',
          displayAttrs: { name: 'Custom prefix', value: 'Hello, ' },
        },
      },
      operations: {
        read: {
          summary: 'Read the engine configuration.',
          handler: async (_req, ctx) => {
            const config = await configPrefix(ctx);
            return config === undefined ? errorResponse(NOT_CONFIGURED) : { data: config };
          },
        },
        update: {
          summary: 'Configure the prefix used by hello.',
          handler: async (_req, ctx) => {
            await ctx.storage.putJSON('config', { custom_prefix: ctx.data.get<string>('custom_prefix') });
            return undefined;
          },
        },
      },
      helpSynopsis: 'Configure the strongroom-custom engine.',
      helpDescription: 'The engine answers nothing useful until custom_prefix is written here.',
    },
    {
      pattern: 'hello/{name}',
      displayAttrs: { operationPrefix: 'strongroom-custom', operationVerb: 'greet' },
      fields: { name: { type: 'nameString', description: 'Who to greet.' } },
      operations: {
        read: {
          summary: 'Greet a name with the configured prefix.',
          responses: { 200: { description: 'OK', fields: { message: { type: 'string', description: 'The prefix followed by the name.' } } } },
          handler: async (_req, ctx) => {
            const config = await configPrefix(ctx);
            return config === undefined ? errorResponse(NOT_CONFIGURED) : { data: { message: config.custom_prefix + ctx.data.get<string>('name') } };
          },
        },
      },
      helpSynopsis: 'Greet a name.',
      helpDescription: 'Returns custom_prefix from config followed by the name in the path.',
    },
    {
      pattern: 'compat/storage-shapes',
      displayAttrs: { operationPrefix: 'strongroom-custom', operationVerb: 'exercise' },
      operations: {
        update: {
          summary: 'Write, read, list and delete storage keys with a leading slash and an empty segment.',
          handler: async (_req, ctx) => {
            const keys = ['/lead', '/dir/child', 'crls//x-delta', 'crls/x'];
            const lists = async () => {
              const listed: Record<string, string[]> = {};
              for (const prefix of ['', '/', '/dir/', 'crls/', 'crls//']) listed[prefix] = await ctx.storage.list(prefix);
              return listed;
            };
            for (const key of keys) await ctx.storage.put({ key, value: Buffer.from(`value of ${key}`), sealWrap: false });
            const read: Record<string, string | null> = {};
            for (const key of keys) read[key] = (await ctx.storage.get(key))?.value.toString() ?? null;
            const listed = await lists();
            for (const key of keys) await ctx.storage.delete(key);
            return { data: { read, lists: listed, lists_after: await lists() } };
          },
        },
      },
      helpSynopsis: 'Exercise unusual storage keys.',
      helpDescription:
        'Writes keys such as /lead and crls//x-delta, reads and lists them back, then deletes them, and answers what it saw.',
    },
    {
      pattern: 'compat/error-response',
      displayAttrs: { operationPrefix: 'strongroom-custom', operationVerb: 'fail' },
      operations: {
        delete: {
          summary: 'Fail with an error response and a plain error, as transit\'s key deletion does.',
          handler: () => errorResponse('error deleting policy fixture: deletion is not allowed for this policy'),
        },
      },
      helpSynopsis: "Fail the way transit's key deletion fails.",
      helpDescription: 'Answers an error response together with a plain error.',
    },
    {
      pattern: 'users/{username}',
      displayAttrs: { operationPrefix: 'strongroom-custom', operationSuffix: 'user', itemType: 'User' },
      fields: userFields,
      existenceCheck: async (_req, ctx) => (await ctx.storage.get(userKey(ctx))) !== undefined,
      operations: {
        create: { summary: 'Create a user.', handler: (_req, ctx) => writeUser(ctx) },
        update: { summary: 'Update a user.', handler: (_req, ctx) => writeUser(ctx) },
        read: {
          summary: 'Read a user.',
          handler: async (_req, ctx) => {
            const user = await ctx.storage.getJSON<Record<string, unknown>>(userKey(ctx));
            if (user === undefined) return undefined;
            const { password: _password, ...shown } = user;
            return { data: shown };
          },
        },
        delete: { summary: 'Delete a user.', handler: async (_req, ctx) => void (await ctx.storage.delete(userKey(ctx))) },
      },
      helpSynopsis: 'Manage one user record.',
      helpDescription: 'Create, read, update or delete the user named in the path. The password is write-only.',
    },
    {
      pattern: 'users/',
      displayAttrs: { operationPrefix: 'strongroom-custom', operationSuffix: 'users', navigation: true, itemType: 'User' },
      operations: { list: { summary: 'List user names.', handler: async (_req, ctx) => listResponse(await ctx.storage.list('users/')) } },
      helpSynopsis: 'List users.',
      helpDescription: 'Lists the names of all stored users.',
    },
      ...(
      [
        ['compat/user-error', 'Fail with a UserError and no response.'],
        ['compat/multi-authz-pending', "Fail with Vault's MultiAuthzPending error and no response."],
      ] as const
    ).map(([pattern, synopsis]) => ({
      pattern,
      operations: {
        read: {
          summary: synopsis,
          handler: () => {
            throw userError('the fixture refuses this on purpose');
          },
        },
      },
      helpSynopsis: synopsis,
    })),
  ],
});
