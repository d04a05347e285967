/** Raw replies read as Vault's respondRaw reads them; the cases a fixture plugin cannot easily send. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretReply } from '../../../../electron/core/router/raw-reply';
import type { VaultResponse } from '../../../../plugin-host';

function reply(data: Record<string, unknown> | null, extra: Partial<VaultResponse> = {}): VaultResponse {
  return { data, secret: undefined, warnings: [], redirect: '', headers: {}, wrapInfo: undefined, mountType: '', auth: undefined, ...extra };
}

function refusal(data: Record<string, unknown>, extra: Partial<VaultResponse> = {}): string {
  try {
    interpretReply(reply(data, extra), 'pki/x');
  } catch (error) {
    const { code, detail } = error as { code: string; detail: Record<string, unknown> };
    assert.equal(code, 'bad_raw_reply');
    assert.equal(detail['httpStatus'], 500);
    return String(detail['reason']);
  }
  throw new Error('the reply was accepted');
}

const base64 = (text: string) => Buffer.from(text).toString('base64');

test('no reply is 204; a reply without http_status_code is ordinary and unchanged', () => {
  assert.deepEqual(interpretReply(null, 'p'), { status: 204, data: null, raw: null, warnings: [] });
  const data = { http_content_type: 'text/plain', http_raw_body: base64('x'), other: 1 };
  assert.deepEqual(interpretReply(reply(data, { warnings: ['w'] }), 'p'), { status: 200, data, raw: null, warnings: ['w'] });
});

test('the status may be a float (truncated, as Go converts float64 to int)', () => {
  const result = interpretReply(reply({ http_status_code: 201.9, http_content_type: 'text/plain', http_raw_body: base64('ok') }), 'p');
  assert.equal(result.status, 201);
  assert.deepEqual(result.raw, { status: 201, contentType: 'text/plain', size: 2, body: { text: 'ok' } });
});

test('a body that is not base64 is taken as the string it is; base64 with line breaks decodes', () => {
  assert.deepEqual(interpretReply(reply({ http_status_code: 200, http_content_type: 'text/plain', http_raw_body: 'not base64!' }), 'p').raw?.body, { text: 'not base64!' });
  const wrapped = base64('a longer body that wraps').replace(/(.{8})/g, '$1\n');
  assert.deepEqual(interpretReply(reply({ http_status_code: 200, http_content_type: 'text/plain', http_raw_body: wrapped }), 'p').raw?.body, { text: 'a longer body that wraps' });
});

test('204 needs no content type and drops the body; a missing body is empty', () => {
  assert.deepEqual(interpretReply(reply({ http_status_code: 204, http_raw_body: base64('dropped') }), 'p').raw, { status: 204, contentType: null, size: 0, body: null });
  assert.deepEqual(interpretReply(reply({ http_status_code: 304, http_content_type: '' }), 'p').raw, { status: 304, contentType: null, size: 0, body: null });
});

test('textual types with parameters are text; a textual type whose bytes are not UTF-8 is offered as bytes', () => {
  const json = interpretReply(reply({ http_status_code: 200, http_content_type: 'application/problem+json; charset=utf-8', http_raw_body: base64('{"a":1}') }), 'p');
  assert.deepEqual(json.raw?.body, { text: '{"a":1}' });
  const bytes = Buffer.from([0xff, 0xfe, 0x00]).toString('base64');
  assert.deepEqual(interpretReply(reply({ http_status_code: 200, http_content_type: 'text/plain', http_raw_body: bytes }), 'p').raw?.body, { base64: bytes });
});

test('a Vault response in the body (RespondWithStatusCode) gives its data and warnings with its status', () => {
  const envelope = { request_id: 'r', lease_id: '', renewable: false, lease_duration: 0, data: { batch_results: [{ error: 'bad' }] }, wrap_info: null, warnings: ['partial'], auth: null, mount_type: '' };
  const result = interpretReply(reply({ http_status_code: 400, http_content_type: 'application/json', http_raw_body: JSON.stringify(envelope) }, { warnings: ['outer'] }), 'p');
  assert.deepEqual(result, { status: 400, data: { batch_results: [{ error: 'bad' }] }, raw: null, warnings: ['outer', 'partial'] });
});

test('what Vault answers 500 for is refused with its reason', () => {
  const ok = { http_status_code: 200, http_content_type: 'text/plain', http_raw_body: base64('x') };
  const lease = { lease: { ttlNs: 0n, ttlSeconds: 0, maxTtlNs: 0n, incrementNs: 0n, renewable: false, issueTime: undefined }, internalData: null, leaseId: '' };
  assert.equal(refusal(ok, { secret: lease }), 'raw responses cannot contain secrets or auth');
  assert.equal(refusal({ ...ok, http_status_code: '200' }), 'cannot decode status code');
  assert.equal(refusal({ ...ok, http_status_code: null }), 'cannot decode status code');
  assert.equal(refusal({ ...ok, http_status_code: 42 }), 'cannot decode status code');
  assert.equal(refusal({ http_status_code: 200, http_raw_body: base64('x') }), 'no content type given');
  assert.equal(refusal({ ...ok, http_content_type: ['text/plain'] }), 'cannot decode content type');
  assert.equal(refusal({ ...ok, http_raw_body: null }), 'cannot decode body');
  assert.equal(refusal({ ...ok, http_raw_body: 7 }), 'cannot decode body');
});

test('a redirect wins over a raw reply, as in Vault', () => {
  const data = { http_status_code: 200 };
  assert.deepEqual(interpretReply(reply(data, { redirect: 'elsewhere' }), 'p'), { status: 200, data, raw: null, warnings: [] });
});
