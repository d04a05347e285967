import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handshakeLine, hasMagicCookie, pickAppVersion } from '../../sdk/protocol';
import { hclogLine, hclogTimestamp } from '../../sdk/hclog';

describe('protocol', () => {
  it('picks the highest common app version, else the lowest we speak', () => {
    assert.equal(pickAppVersion('5'), 5);
    assert.equal(pickAppVersion('4,3'), 4);
    assert.equal(pickAppVersion('3,4,5'), 5);
    assert.equal(pickAppVersion(' 4 , x'), 4);
    assert.equal(pickAppVersion('3'), 4);
    assert.equal(pickAppVersion(undefined), 4);
  });

  it('checks the Vault backend cookie', () => {
    assert.equal(hasMagicCookie({ VAULT_BACKEND_PLUGIN: '6669da05-b1c8-4f49-97d9-c8e5bed98e20' }), true);
    assert.equal(hasMagicCookie({ VAULT_BACKEND_PLUGIN: 'nope' }), false);
    assert.equal(hasMagicCookie({}), false);
  });

  it('handshake line: six fields, base64 without padding', () => {
    const line = handshakeLine(5, '/tmp/plugin1', new Uint8Array([1, 2, 3, 4]));
    assert.equal(line, '1|5|unix|/tmp/plugin1|grpc|AQIDBA\n');
  });
});

describe('hclog lines', () => {
  it('timestamps have exactly six fractional digits', () => {
    assert.equal(hclogTimestamp(Date.UTC(2025, 2, 1, 10, 0, 0, 123) + 0.456), '2025-03-01T10:00:00.123456Z');
    assert.match(hclogTimestamp(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('one JSON object with string @level/@message/@timestamp and extra fields', () => {
    const entry = JSON.parse(hclogLine('info', 'hello', { n: 1n, err: new Error('boom') })) as Record<string, unknown>;
    assert.equal(entry['@level'], 'info');
    assert.equal(entry['@message'], 'hello');
    assert.equal(typeof entry['@timestamp'], 'string');
    assert.equal(entry['n'], '1');
    assert.equal(entry['err'], 'boom');
  });
});
