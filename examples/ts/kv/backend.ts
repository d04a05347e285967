/**
 * The kv engine: `value` stored at `<mount>/<key>` (keys may contain slashes). Create, read,
 * update, delete and list; reading a key that does not exist answers "key not found".
 */
import { defineBackend, errorResponse, listResponse } from '@strongroom/plugin-sdk';

const entryKey = (key: string) => `entries/${key}`;

export const kvBackend = defineBackend({
  version: 'v0.1.0',
  help: 'The kv engine stores one string value per key.\n\nWrite {"value": "..."} to any path under the mount, read it back, list or delete it.',
  paths: [
    {
      pattern: '{key*}',
      fields: {
        key: { type: 'string', description: 'Where the value lives; may contain slashes.' },
        value: { type: 'string', required: true, description: 'The value to store.', displayAttrs: { name: 'Value', sensitive: true } },
      },
      existenceCheck: async (_req, { storage, data }) => (await storage.get(entryKey(data.get<string>('key')))) !== undefined,
      operations: {
        create: {
          summary: 'Store a value under a new key.',
          handler: async (_req, { storage, data }) => void (await storage.putJSON(entryKey(data.get('key')), { value: data.get('value') })),
        },
        update: {
          summary: 'Replace the value of a key.',
          handler: async (_req, { storage, data }) => {
            if (!data.has('value')) return errorResponse('value is required');
            await storage.putJSON(entryKey(data.get('key')), { value: data.get('value') });
            return undefined;
          },
        },
        read: {
          summary: 'Read the value of a key.',
          responses: { 200: { description: 'OK', fields: { value: { type: 'string', description: 'The stored value.' } } } },
          handler: async (_req, { storage, data }) => {
            const entry = await storage.getJSON<{ value: string }>(entryKey(data.get('key')));
            return entry === undefined ? errorResponse('key not found') : { data: { value: entry.value } };
          },
        },
        delete: {
          summary: 'Delete a key.',
          handler: async (_req, { storage, data }) => void (await storage.delete(entryKey(data.get('key')))),
        },
        list: {
          summary: 'List the keys under a prefix.',
          handler: async (_req, { storage, data }) => listResponse(await storage.list(entryKey(data.get('key')))),
        },
      },
      helpSynopsis: 'Store and read one value per key.',
      helpDescription: 'Any path under the mount is a key. Write {"value": "..."} to it; list a folder with a trailing slash.',
    },
  ],
});
