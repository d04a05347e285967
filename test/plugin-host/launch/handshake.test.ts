import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { isHostError } from '../../../plugin-host/errors';
import type { HostErrorCode } from '../../../plugin-host/errors';
import { parseHandshakeLine } from '../../../plugin-host/launch/handshake';
import { createHostCertificate } from '../../../plugin-host/launch/mtls';

const context = { protocolVersions: [4, 5], recentStderr: ['starting', 'boom: cannot load libfoo.so'] };
let CERT = ''; // handshake field 6 of a real certificate: base64, no padding
let certDer: Buffer;

before(async () => {
  certDer = Buffer.from((await createHostCertificate()).certDer);
  CERT = certDer.toString('base64').replace(/=+$/, '');
});

describe('parseHandshakeLine: accepted lines', () => {
  const accepted: Array<{ name: string; line: () => string; expect: Record<string, unknown> }> = [
    {
      name: 'protocol 5 on a unix socket',
      line: () => `1|5|unix|/tmp/sr/plugin2870744612|grpc|${CERT}\n`,
      expect: { appVersion: 5, network: 'unix', address: '/tmp/sr/plugin2870744612', multiplexBroker: false },
    },
    {
      name: 'protocol 4, Windows line ending',
      line: () => `1|4|unix|/tmp/sr/plugin1|grpc|${CERT}\r\n`,
      expect: { appVersion: 4, network: 'unix', address: '/tmp/sr/plugin1' },
    },
    {
      name: 'tcp on loopback',
      line: () => `1|5|tcp|127.0.0.1:10000|grpc|${CERT}`,
      expect: { network: 'tcp', address: '127.0.0.1:10000' },
    },
    {
      name: 'tcp on IPv6 loopback',
      line: () => `1|5|tcp|[::1]:24999|grpc|${CERT}`,
      expect: { network: 'tcp', address: '[::1]:24999' },
    },
    {
      name: 'field 7 broker multiplexing',
      line: () => `1|5|unix|/tmp/sr/plugin9|grpc|${CERT}|true`,
      expect: { multiplexBroker: true },
    },
  ];
  for (const { name, line, expect } of accepted) {
    test(name, () => {
      const handshake = parseHandshakeLine(line(), context);
      assert.equal(handshake.coreVersion, 1);
      assert.equal(handshake.protocol, 'grpc');
      for (const [key, value] of Object.entries(expect)) assert.equal(handshake[key as keyof typeof handshake], value, key);
      assert.deepEqual(new X509Certificate(handshake.serverCertPem).raw, certDer);
    });
  }
});

describe('parseHandshakeLine: rejected lines', () => {
  const rejected: Array<{ name: string; line: () => string; code: HostErrorCode; message: RegExp }> = [
    {
      name: 'garbage instead of a handshake',
      line: () => 'hello world, I am not a plugin',
      code: 'handshake_unrecognized',
      message: /"hello world, I am not a plugin".*Vault plugin.*architecture.*libraries.*boom: cannot load libfoo\.so/s,
    },
    {
      name: 'only three fields',
      line: () => '1|5|unix',
      code: 'handshake_unrecognized',
      message: /"1\|5\|unix"/,
    },
    {
      name: 'a very long garbage line is truncated in the message',
      line: () => 'x'.repeat(5000),
      code: 'handshake_unrecognized',
      message: /x{200}… \(5000 chars\)/,
    },
    {
      name: 'core protocol 2',
      line: () => `2|5|unix|/tmp/p|grpc|${CERT}`,
      code: 'incompatible_core_version',
      message: /core protocol "2".*speaks 1/,
    },
    {
      name: 'core protocol not a number: not a handshake at all',
      line: () => `one|5|unix|/tmp/p|grpc|${CERT}`,
      code: 'handshake_unrecognized',
      message: /not a go-plugin handshake .*field 1 "one" is not a core protocol version number/,
    },
    {
      name: 'a garbage line with four "|" is not a handshake (not an incompatible core version)',
      line: () => 'status|ok|listening on|the usual place|hello',
      code: 'handshake_unrecognized',
      message: /^The plugin's first line on stdout is not a go-plugin handshake \(CORE\|APP\|NETWORK\|ADDR\|PROTOCOL\[\|CERT\]\): "status\|ok\|listening on\|the usual place\|hello" — field 1 "status" is not a core protocol version number\./,
    },
    {
      name: 'a network that is not a word',
      line: () => `1|5|listening on|/tmp/p|grpc|${CERT}`,
      code: 'handshake_unrecognized',
      message: /field 3 "listening on" is not a network name/,
    },
    {
      name: 'more than seven fields',
      line: () => `1|5|unix|/tmp/p|grpc|${CERT}|true|extra`,
      code: 'handshake_unrecognized',
      message: /it has 8 "\|"-separated fields, a handshake has at most 7/,
    },
    {
      name: 'app protocol 3 (SDK too old)',
      line: () => `1|3|unix|/tmp/p|grpc|${CERT}`,
      code: 'incompatible_app_version',
      message: /offered app protocol version "3"; Strongroom accepts 4, 5\. .*too old/,
    },
    {
      name: 'app protocol 6 (SDK too new)',
      line: () => `1|6|unix|/tmp/p|grpc|${CERT}`,
      code: 'incompatible_app_version',
      message: /"6".*accepts 4, 5\. .*too new/,
    },
    {
      name: 'app protocol not a number: not a handshake at all',
      line: () => `1|five|unix|/tmp/p|grpc|${CERT}`,
      code: 'handshake_unrecognized',
      message: /field 2 "five" is not an app protocol version number/,
    },
    {
      name: 'unknown network',
      line: () => `1|5|udp|/tmp/p|grpc|${CERT}`,
      code: 'unsupported_network',
      message: /"udp"/,
    },
    {
      name: 'relative unix socket path',
      line: () => `1|5|unix|plugin123|grpc|${CERT}`,
      code: 'bad_address',
      message: /"plugin123".*absolute path/,
    },
    {
      name: 'tcp address without a port',
      line: () => `1|5|tcp|127.0.0.1|grpc|${CERT}`,
      code: 'bad_address',
      message: /HOST:PORT/,
    },
    {
      name: 'tcp port out of range',
      line: () => `1|5|tcp|127.0.0.1:70000|grpc|${CERT}`,
      code: 'bad_address',
      message: /HOST:PORT/,
    },
    {
      name: 'tcp address off the machine',
      line: () => `1|5|tcp|10.1.2.3:10000|grpc|${CERT}`,
      code: 'bad_address',
      message: /loopback/,
    },
    {
      name: 'net/rpc named explicitly',
      line: () => `1|5|unix|/tmp/p|netrpc|${CERT}`,
      code: 'unsupported_protocol',
      message: /only gRPC plugins are supported/,
    },
    {
      name: 'no protocol field means net/rpc',
      line: () => '1|5|unix|/tmp/p',
      code: 'unsupported_protocol',
      message: /net\/rpc; only gRPC plugins are supported/,
    },
    {
      name: 'unknown protocol',
      line: () => `1|5|unix|/tmp/p|thrift|${CERT}`,
      code: 'unsupported_protocol',
      message: /"thrift"/,
    },
    {
      name: 'no certificate (AutoMTLS off)',
      line: () => '1|5|unix|/tmp/p|grpc|',
      code: 'bad_certificate',
      message: /did not send a TLS certificate/,
    },
    {
      name: 'certificate field of 50 characters or fewer (ignored by go-plugin, refused by us)',
      line: () => `1|5|unix|/tmp/p|grpc|${'A'.repeat(50)}`,
      code: 'bad_certificate',
      message: /mutual TLS/,
    },
    {
      name: 'certificate field that does not decode',
      line: () => `1|5|unix|/tmp/p|grpc|${'#'.repeat(80)}`,
      code: 'bad_certificate',
      message: /not standard base64/,
    },
    {
      name: 'certificate field that is base64 but not a certificate',
      line: () => `1|5|unix|/tmp/p|grpc|${Buffer.from('z'.repeat(90)).toString('base64')}`,
      code: 'bad_certificate',
      message: /does not parse as an X\.509 certificate/,
    },
  ];
  for (const { name, line, code, message } of rejected) {
    test(name, () => {
      assert.throws(
        () => parseHandshakeLine(line(), context),
        (error: unknown) => {
          assert.ok(isHostError(error), String(error));
          assert.equal(error.code, code);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }

  test('handshake_unrecognized says so when stderr was empty', () => {
    assert.throws(
      () => parseHandshakeLine('nope', { protocolVersions: [5], recentStderr: [] }),
      /It wrote nothing on stderr/,
    );
  });
});
