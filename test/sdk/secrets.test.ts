// Leased secrets in the SDK: issuing with secretResponse, renew and revoke dispatched by secret
// type with Vault's framework wording for what cannot be served, and the wire shape both ways.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineBackend, PluginError, renewedSecret, secretResponse, testMount, type SecretDefinition } from '../../sdk';
import { Request } from '../../sdk/gen/pb/backend';
import { requestFromPb, responseToPb } from '../../sdk/translation';
import { secondsToNanos } from '../../proto/wire/go-time';

const token: SecretDefinition = {
  type: 'token',
  defaultTtlSeconds: 60,
  renew: (req) => renewedSecret(req),
  revoke: async (req, { storage }) => {
    await storage.delete(`tokens/${String(req.secret.internalData['id'])}`);
    return undefined;
  },
};
const ticket: SecretDefinition = { type: 'ticket' }; // neither renewable nor revocable

const backend = defineBackend({
  help: 'leases',
  secrets: [token, ticket],
  paths: [
    {
      pattern: 'token/{name}',
      fields: { name: { type: 'nameString' } },
      operations: {
        read: {
          handler: async (_req, { storage, data }) => {
            const id = `${data.get<string>('name')}-1`;
            await storage.putJSON(`tokens/${id}`, { id });
            return secretResponse(token, { token: id }, { id });
          },
        },
      },
    },
    { pattern: 'ticket', operations: { read: { handler: () => secretResponse(ticket, { ticket: 't' }) } } },
  ],
});

describe('leased secrets', () => {
  it('secretResponse records the type and asks for the default TTL; renewable when renew is defined', async () => {
    const mount = await testMount(backend);
    const issued = await mount.request('read', 'token/app');
    assert.deepEqual(issued, { data: { token: 'app-1' }, secret: { ttlSeconds: 60, renewable: true, internalData: { id: 'app-1', secret_type: 'token' } } });
    assert.equal((await mount.request('read', 'ticket'))?.secret?.renewable, false);
  });

  it('renew finds the handler by secret type; the renewed TTL is the increment asked for', async () => {
    const mount = await testMount(backend);
    const issued = (await mount.request('read', 'token/app'))!;
    const renewed = await mount.lease('renew', { path: 'token/app', secret: issued.secret! }, 300);
    assert.deepEqual(renewed?.secret, { ttlSeconds: 300, renewable: true, internalData: issued.secret!.internalData });
    assert.equal((await mount.lease('renew', { path: 'token/app', secret: issued.secret! }))?.secret?.ttlSeconds, 60);
  });

  it('revoke runs the type\'s revoke handler', async () => {
    const mount = await testMount(backend);
    const issued = (await mount.request('read', 'token/app'))!;
    assert.ok((await mount.env.storage.get('tokens/app-1')) !== undefined);
    await mount.lease('revoke', { path: 'token/app', secret: issued.secret! });
    assert.equal(await mount.env.storage.get('tokens/app-1'), undefined);
  });

  it('what cannot be served fails with the framework\'s words', async () => {
    const mount = await testMount(backend);
    const ticketSecret = (await mount.request('read', 'ticket'))!.secret!;
    const unsupported = (e: unknown) => e instanceof PluginError && e.kind === 'unsupportedOperation';
    await assert.rejects(mount.lease('renew', { path: 'ticket', secret: ticketSecret }), unsupported);
    await assert.rejects(mount.lease('revoke', { path: 'ticket', secret: ticketSecret }), unsupported);
    const foreign = { ttlSeconds: 1, renewable: true, internalData: { secret_type: 'database' } };
    await assert.rejects(mount.lease('revoke', { path: 'x', secret: foreign }), /^Error: secret is unsupported by this backend$/);
    await assert.rejects(mount.request('revoke', 'x'), /^Error: request has no secret$/);
  });

  it('travels as pb.Secret: TTL in nanoseconds, internal data as JSON, and back', () => {
    const wire = responseToPb(secretResponse(token, { token: 'x' }, { id: 'x' }))!;
    assert.equal(wire.secret?.lease_options?.TTL, secondsToNanos(60));
    assert.equal(wire.secret?.lease_options?.renewable, true);
    assert.deepEqual(JSON.parse(wire.secret!.internal_data), { id: 'x', secret_type: 'token' });
    const request = requestFromPb(
      Request.fromPartial({
        operation: 'renew',
        path: 'token/x',
        secret: { ...wire.secret!, lease_id: 'm/token/x/1', lease_options: { ...wire.secret!.lease_options!, increment: secondsToNanos(120) } },
      }),
    );
    assert.deepEqual(
      { ...request.secret, issueTime: undefined },
      { leaseId: 'm/token/x/1', internalData: { id: 'x', secret_type: 'token' }, ttlSeconds: 60, maxTtlSeconds: 0, incrementSeconds: 120, renewable: true, issueTime: undefined },
    );
  });
});
