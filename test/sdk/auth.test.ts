// Auth methods in the SDK: a login's Auth on the pb wire, unauthenticated special paths, the
// backend type, and renewals: Vault's renew request carrying the stored Auth reaches `authRenew`,
// whose answer (the same Auth, new TTLs) goes back with every field the host sent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineBackend, errorResponse, renewedAuth, renewedSecret, secretResponse, testMount, type BackendDefinition, type SecretDefinition } from '../../sdk';
import { Request, Response, Paths } from '../../sdk/gen/pb/backend';
import { requestFromPb, responseToPb, specialPathsToPb } from '../../sdk/translation';
import { dateToTimestamp, secondsToNanos } from '../../proto/wire/go-time';

const ticket: SecretDefinition = { type: 'ticket', renew: (req) => renewedSecret(req) };

const definition: BackendDefinition = {
  type: 'auth',
  help: 'logs people in',
  specialPaths: { unauthenticated: ['login/*'] },
  secrets: [ticket],
  paths: [
    {
      pattern: 'login/{name}',
      fields: { name: { type: 'nameString' } },
      operations: {
        update: {
          handler: (_req, { data }) => ({
            auth: {
              policies: ['dev', 'ops'],
              tokenPolicies: ['dev', 'ops'],
              ttlSeconds: 600,
              maxTtlSeconds: 3600,
              renewable: true,
              metadata: { username: data.get<string>('name') },
              displayName: data.get<string>('name'),
              internalData: { generation: 3 },
              alias: { name: data.get<string>('name'), metadata: { source: 'test' } },
              tokenType: 'service',
            },
          }),
        },
      },
    },
    { pattern: 'ticket', operations: { read: { handler: () => secretResponse(ticket, { ticket: 't' }) } } },
  ],
  authRenew: (req) => (req.auth.metadata['username'] === 'gone' ? errorResponse('user gone no longer exists') : renewedAuth(req, { ttlSeconds: 900 })),
};
const backend = defineBackend(definition);

/** Through the generated codec, as bytes cross the socket. */
const overTheWire = {
  response: (response: ReturnType<typeof responseToPb>) => Response.decode(Response.encode(response!).finish()),
  request: (request: Partial<Request>) => Request.decode(Request.encode({ ...Request.fromPartial({}), ...request }).finish()),
};

describe('auth methods', () => {
  it('is backend type 2 (credential) and sends its login paths as unauthenticated special paths', () => {
    assert.equal(backend.typeNumber, 2);
    assert.equal(defineBackend({ help: 'x', paths: [] }).typeNumber, 1);
    const paths = Paths.decode(Paths.encode(specialPathsToPb(definition.specialPaths)).finish());
    assert.deepEqual(paths.unauthenticated, ['login/*']);
  });

  it("a login's Auth travels as pb.Auth: TTLs in nanoseconds, maps, alias, internal data as JSON, token type", async () => {
    const mount = await testMount(backend);
    const login = await mount.request('update', 'login/alice');
    const wire = overTheWire.response(responseToPb(login)).auth!;
    assert.equal(wire.lease_options?.TTL, secondsToNanos(600));
    assert.equal(wire.lease_options?.MaxTTL, secondsToNanos(3600));
    assert.equal(wire.lease_options?.renewable, true);
    assert.deepEqual(wire.policies, ['dev', 'ops']);
    assert.deepEqual(wire.token_policies, ['dev', 'ops']);
    assert.deepEqual(Object.fromEntries(wire.metadata), { username: 'alice' });
    assert.equal(wire.display_name, 'alice');
    assert.deepEqual(JSON.parse(wire.internal_data), { generation: 3 });
    assert.equal(wire.alias?.name, 'alice');
    assert.deepEqual(Object.fromEntries(wire.alias!.metadata), { source: 'test' });
    assert.equal(wire.token_type, 1);
    assert.equal(wire.period, 0n);
    // Go's side requires a time in every LeaseOptions: unset is Go's zero time.
    assert.deepEqual(wire.lease_options?.issue_time, dateToTimestamp(undefined));
  });

  it('a renew carrying an Auth reaches authRenew; the answer keeps every field the host sent, with the new TTL', async () => {
    const mount = await testMount(backend);
    const issued = responseToPb(await mount.request('update', 'login/alice'))!.auth!;
    const issueTime = new Date('2026-01-02T03:04:05.000Z');
    // What Vault's expiration manager sends (RenewAuthRequest): the login path, no data, the stored Auth.
    const stored = { ...issued, accessor: 'acc-1', entity_id: 'ent-1', alias: { ...issued.alias!, mount_accessor: 'auth_x_1', ID: 'alias-1' } };
    const request = requestFromPb(
      overTheWire.request({
        operation: 'renew',
        path: 'login/alice',
        data: 'null',
        auth: { ...stored, lease_options: { ...stored.lease_options!, increment: secondsToNanos(120), issue_time: dateToTimestamp(issueTime) } },
      }),
    );
    assert.equal(request.auth?.incrementSeconds, 120);
    assert.deepEqual(request.auth?.issueTime, issueTime);
    const renewed = overTheWire.response(responseToPb(await backend.handleRequest(request, mount.env))).auth!;
    assert.equal(renewed.lease_options?.TTL, secondsToNanos(900));
    assert.equal(renewed.lease_options?.MaxTTL, secondsToNanos(3600));
    assert.deepEqual(renewed.lease_options?.issue_time, dateToTimestamp(issueTime));
    assert.deepEqual(
      { ...renewed, lease_options: undefined },
      { ...stored, lease_options: undefined },
      'policies, metadata, alias, accessor, entity id… go back as they came',
    );
  });

  it("an auth method's request carries the caller's connection (address and port) when the host sends one", () => {
    const request = requestFromPb(overTheWire.request({ operation: 'update', path: 'login/alice', data: '{}', connection: { remote_addr: '127.0.0.1', remote_port: 51234, connection_state: undefined } }));
    assert.deepEqual(request.connection, { remoteAddr: '127.0.0.1', remotePort: 51234 });
    assert.equal(requestFromPb(overTheWire.request({ operation: 'read', path: 'x', data: '{}' })).connection, undefined);
  });

  it('authRenew may refuse with an error response; without authRenew the framework\'s words', async () => {
    const mount = await testMount(backend);
    const refused = await mount.renewAuth({ path: 'login/gone', auth: { metadata: { username: 'gone' } } });
    assert.deepEqual(refused, { data: { error: 'user gone no longer exists' } });
    const noRenew = await testMount(defineBackend({ ...definition, authRenew: undefined }));
    assert.deepEqual(await noRenew.renewAuth({ path: 'login/alice', auth: { renewable: true } }), { data: { error: "this auth type doesn't support renew" } });
  });

  it('testMount.renewAuth sends the increment; a renew with a secret still goes to the secret type', async () => {
    const mount = await testMount(backend);
    const login = (await mount.request('update', 'login/alice'))!;
    const renewed = await mount.renewAuth({ path: 'login/alice', auth: login.auth! }, 60);
    assert.equal(renewed?.auth?.ttlSeconds, 900);
    assert.equal(renewed?.auth?.incrementSeconds, 60);
    assert.deepEqual(renewed?.auth?.policies, ['dev', 'ops']);
    const issued = (await mount.request('read', 'ticket'))!;
    assert.equal((await mount.lease('renew', { path: 'ticket', secret: issued.secret! }, 30))?.secret?.ttlSeconds, 30);
  });
});
