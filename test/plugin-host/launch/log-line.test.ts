import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LogLineParser } from '../../../plugin-host/launch/log-line';
import type { ParsedLogText } from '../../../plugin-host/launch/log-line';

const NOW = new Date('2026-01-02T03:04:05.678Z');

describe('LogLineParser: one line at a time', () => {
  const cases: Array<{ name: string; line: string; expect: ParsedLogText }> = [
    {
      name: 'hclog JSON with fields',
      line: '{"@level":"debug","@message":"plugin address","@timestamp":"2025-03-01T10:00:00.123456Z","address":"/tmp/plugin1","network":"unix","@module":"kv"}',
      expect: {
        time: '2025-03-01T10:00:00.123Z',
        level: 'debug',
        message: 'plugin address',
        fields: { address: '/tmp/plugin1', network: 'unix', '@module': 'kv' },
      },
    },
    {
      name: 'hclog JSON with an offset timestamp and upper-case level',
      line: '{"@level":"WARN","@message":"slow","@timestamp":"2025-03-01T12:00:00.000001+02:00"}',
      expect: { time: '2025-03-01T10:00:00.000Z', level: 'warn', message: 'slow', fields: {} },
    },
    {
      name: 'hclog JSON with non-string values does not crash',
      line: '{"@level":7,"@message":{"nested":true},"@timestamp":12,"n":1,"list":[1,2],"nil":null}',
      expect: {
        time: NOW.toISOString(),
        level: 'debug',
        message: '{"nested":true}',
        fields: { '@level': 7, n: 1, list: [1, 2], nil: null },
      },
    },
    {
      name: 'hclog JSON with an unknown level keeps it as a field',
      line: '{"@level":"critical","@message":"x"}',
      expect: { time: NOW.toISOString(), level: 'debug', message: 'x', fields: { '@level': 'critical' } },
    },
    {
      name: 'JSON that is not hclog is plain text',
      line: '{"user":"alice"}',
      expect: { time: NOW.toISOString(), level: 'debug', message: '{"user":"alice"}', fields: {} },
    },
    {
      name: 'broken JSON is plain text',
      line: '{"@level":"info","@message":"cut',
      expect: { time: NOW.toISOString(), level: 'debug', message: '{"@level":"info","@message":"cut', fields: {} },
    },
    {
      name: 'plain [INFO] prefix',
      line: '[INFO] listening',
      expect: { time: NOW.toISOString(), level: 'info', message: 'listening', fields: {} },
    },
    {
      name: 'plain [ERROR] prefix',
      line: '[ERROR] cannot open database',
      expect: { time: NOW.toISOString(), level: 'error', message: 'cannot open database', fields: {} },
    },
    {
      name: 'plain [TRACE] prefix',
      line: '[TRACE]x',
      expect: { time: NOW.toISOString(), level: 'trace', message: 'x', fields: {} },
    },
    {
      name: 'untagged plain text is debug',
      line: 'some library chatter',
      expect: { time: NOW.toISOString(), level: 'debug', message: 'some library chatter', fields: {} },
    },
  ];
  for (const { name, line, expect } of cases) {
    test(name, () => assert.deepEqual(new LogLineParser().parse(line, NOW), expect));
  }
});

describe('LogLineParser: Go panics', () => {
  test('"panic:" switches the following untagged lines to error', () => {
    const parser = new LogLineParser();
    assert.equal(parser.parse('before', NOW).level, 'debug');
    assert.equal(parser.parse('panic: runtime error: invalid memory address', NOW).level, 'error');
    assert.equal(parser.parse('goroutine 1 [running]:', NOW).level, 'error');
    assert.equal(parser.parse('\tmain.go:12 +0x1d', NOW).level, 'error');
    assert.equal(parser.parse('[WARN] tagged lines keep their level', NOW).level, 'warn');
  });

  test('"fatal error:" does the same', () => {
    const parser = new LogLineParser();
    parser.parse('fatal error: concurrent map writes', NOW);
    assert.equal(parser.parse('goroutine 7 [running]:', NOW).level, 'error');
  });

  test('"panic" inside a line is not a panic', () => {
    const parser = new LogLineParser();
    parser.parse('do not panic: all is fine', NOW);
    assert.equal(parser.parse('next', NOW).level, 'debug');
  });
});
