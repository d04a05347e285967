/**
 * Tickets: a leased secret. Reading `ticket/<name>` issues one (kept under `tickets/<id>` until its
 * lease is revoked); the host renews and revokes it through the `ticket` secret's handlers.
 */
import { randomBytes } from 'node:crypto';
import { listResponse, renewedSecret, secretResponse } from '@strongroom/plugin-sdk';
import type { PathDefinition, SecretDefinition } from '@strongroom/plugin-sdk';

export const ticketSecret: SecretDefinition = {
  type: 'ticket',
  fields: { ticket: { type: 'string', description: 'The ticket id.' } },
  defaultTtlSeconds: 60,
  renew: (req) => renewedSecret(req),
  revoke: async (req, { storage }) => {
    await storage.delete(`tickets/${String(req.secret.internalData['ticket'])}`);
    return undefined;
  },
};

export const ticketPaths: PathDefinition[] = [
  {
    pattern: 'ticket/{name}',
    displayAttrs: { operationPrefix: 'hello', operationVerb: 'issue', operationSuffix: 'ticket' },
    fields: { name: { type: 'nameString', description: 'Who the ticket is for.' } },
    operations: {
      read: {
        summary: 'Issue a ticket leased for 60 seconds.',
        handler: async (_req, { storage, data }) => {
          const id = randomBytes(16).toString('hex');
          const name = data.get<string>('name');
          await storage.putJSON(`tickets/${id}`, { name });
          return secretResponse(ticketSecret, { ticket: id, name }, { ticket: id });
        },
      },
    },
    helpSynopsis: 'Issue a leased ticket.',
    helpDescription: 'Each read issues a new ticket; it lives until its lease is revoked or runs out.',
  },
  {
    pattern: 'tickets/',
    displayAttrs: { operationPrefix: 'hello', operationSuffix: 'tickets' },
    operations: {
      list: {
        summary: 'List the tickets whose lease is live.',
        handler: async (_req, { storage }) => listResponse(await storage.list('tickets/')),
      },
    },
    helpSynopsis: 'List live tickets.',
    helpDescription: 'The ids of the tickets issued and not yet revoked.',
  },
];
