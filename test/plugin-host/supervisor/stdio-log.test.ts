import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PluginLogLine } from '../../../plugin-host/launch/log-line';
import { stdioLogReaders } from '../../../plugin-host/supervisor/stdio-log';

test('stdio lines are tagged with their channel and parsed like stderr', () => {
  const lines: PluginLogLine[] = [];
  const readers = stdioLogReaders('kv', 42, (line) => lines.push(line));
  readers.stdout.push(Buffer.from('hello from fmt.Println\n[WARN] careful'));
  readers.stdout.end();
  readers.stderr.push(Buffer.from('to os.Stderr\n'));
  assert.deepEqual(
    lines.map((l) => [l.message, l.level, l.fields['channel'], l.plugin, l.pid]),
    [
      ['hello from fmt.Println', 'debug', 'stdout', 'kv', 42],
      ['careful', 'warn', 'stdout', 'kv', 42],
      ['to os.Stderr', 'debug', 'stderr', 'kv', 42],
    ],
  );
});

test('a plugin printing in a loop is rate-limited, with one summary of what was dropped', () => {
  const lines: PluginLogLine[] = [];
  const readers = stdioLogReaders('loop', 7, (line) => lines.push(line));
  readers.stdout.push(Buffer.from('spam\n'.repeat(20_000)));
  readers.stdout.end();
  assert.ok(lines.length < 2_000, `${lines.length} lines emitted for 20,000 written`);
  const summary = lines.filter((l) => /dropped/.test(l.message));
  assert.equal(summary.length, 1);
  assert.match(summary[0]!.message, /\d+ .*dropped/);
});
