/**
 * The hello engine: write `custom_prefix` to `config`, then read `hello/<name>` to get the
 * prefix followed by the name. Reads before configuration answer "plugin is not configured yet".
 * `ticket/<name>` issues a leased secret (tickets.ts).
 */
import { defineBackend, errorResponse } from '@strongroom/plugin-sdk';
import type { Storage } from '@strongroom/plugin-sdk';
import { ticketPaths, ticketSecret } from './tickets';

const CONFIG_KEY = 'config';
const NOT_CONFIGURED = 'plugin is not configured yet';

interface Config {
  custom_prefix: string;
}

const loadConfig = (storage: Storage) => storage.getJSON<Config>(CONFIG_KEY);

export const helloBackend = defineBackend({
  version: 'v0.1.0',
  help: 'The hello engine greets names with a configurable prefix.\n\nWrite custom_prefix to "config", then read "hello/<name>". Read "ticket/<name>" for a ticket leased for a minute.',
  secrets: [ticketSecret],
  paths: [
    {
      pattern: 'config',
      displayAttrs: { operationPrefix: 'hello', navigation: true, itemType: 'Configuration' },
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
          handler: async (_req, { storage }) => {
            const config = await loadConfig(storage);
            return config === undefined ? errorResponse(NOT_CONFIGURED) : { data: { custom_prefix: config.custom_prefix } };
          },
        },
        update: {
          summary: 'Configure the prefix used by hello.',
          handler: async (_req, { storage, data }) => {
            await storage.putJSON(CONFIG_KEY, { custom_prefix: data.get<string>('custom_prefix') } satisfies Config);
            return undefined;
          },
        },
      },
      helpSynopsis: 'Configure the hello engine.',
      helpDescription: 'The engine answers nothing useful until custom_prefix is written here.',
    },
    {
      pattern: 'hello/{name}',
      displayAttrs: { operationPrefix: 'hello', operationVerb: 'greet' },
      fields: { name: { type: 'nameString', description: 'Who to greet.' } },
      operations: {
        read: {
          summary: 'Greet a name with the configured prefix.',
          responses: { 200: { description: 'OK', fields: { message: { type: 'string', description: 'The prefix followed by the name.' } } } },
          handler: async (_req, { storage, data }) => {
            const config = await loadConfig(storage);
            if (config === undefined) return errorResponse(NOT_CONFIGURED);
            return { data: { message: config.custom_prefix + data.get<string>('name') } };
          },
        },
      },
      helpSynopsis: 'Greet a name.',
      helpDescription: 'Returns custom_prefix from config followed by the name in the path.',
    },
    ...ticketPaths,
  ],
});
