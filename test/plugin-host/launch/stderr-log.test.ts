import assert from 'node:assert/strict';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import type { PluginLogLine } from '../../../plugin-host/launch/log-line';
import { StderrLogReader } from '../../../plugin-host/launch/stderr-log';
import type { StderrLogLimits } from '../../../plugin-host/launch/stderr-log';

function reader(limits: Partial<StderrLogLimits> = {}, mount: string | null = 'secret/') {
  const lines: PluginLogLine[] = [];
  const log = new StderrLogReader({ plugin: 'kv', mount: mount ?? undefined, pid: 4242, onLog: (line) => lines.push(line), limits });
  return { log, lines, messages: () => lines.map((line) => line.message) };
}

describe('StderrLogReader: lines', () => {
  test('reassembles lines across chunks, UTF-8 sequences and \\r\\n', () => {
    const { log, messages } = reader();
    const bytes = Buffer.from('first line\r\nsecond: größe ✓\nthi');
    const cut = bytes.indexOf(Buffer.from('ö')) + 1; // in the middle of a two-byte character
    log.push(bytes.subarray(0, cut));
    log.push(bytes.subarray(cut));
    log.push(Buffer.from('rd\n\n'));
    assert.deepEqual(messages(), ['first line', 'second: größe ✓', 'third']);
  });

  test('tags every line with plugin, mount and pid', () => {
    const { log, lines } = reader();
    log.push(Buffer.from('{"@level":"info","@message":"hi","k":"v"}\n'));
    assert.deepEqual(
      { ...lines[0], time: undefined },
      { time: undefined, level: 'info', message: 'hi', fields: { k: 'v' }, plugin: 'kv', mount: 'secret/', pid: 4242 },
    );
  });

  test('has no mount tag when the plugin serves no mount yet', () => {
    const { log, lines } = reader({}, null);
    log.push(Buffer.from('x\n'));
    assert.equal('mount' in (lines[0] ?? {}), false);
  });

  test('splits a line longer than the limit into unparsed debug fragments', () => {
    const { log, lines } = reader({ maxLineChars: 10 });
    log.push(Buffer.from('[ERROR] 0123456789abcdef'));
    log.push(Buffer.from('ghij\n[ERROR] short\n'));
    assert.deepEqual(
      lines.map((line) => [line.level, line.message, line.fields]),
      [
        ['debug', '[ERROR] 01', { fragment: true }],
        ['debug', '23456789ab', { fragment: true }],
        ['debug', 'cdefghij', { fragment: true }],
        ['error', 'short', {}],
      ],
    );
  });

  test('flushes an unterminated last line at the end of the stream', async () => {
    const { log, messages } = reader();
    const stream = new PassThrough();
    log.attach(stream);
    stream.end('no newline at the end');
    await once(stream, 'end');
    assert.deepEqual(messages(), ['no newline at the end']);
  });

  test('keeps a ring of the most recent lines, each cut short', () => {
    const { log } = reader({ recentLines: 3 });
    log.push(Buffer.from(`a\nb\nc\nd\n${'y'.repeat(2000)}\n`));
    const recent = log.recentLines();
    assert.deepEqual(recent.slice(0, 2), ['c', 'd']);
    assert.equal(recent[2], `${'y'.repeat(500)}…`);
  });

  test('a throwing log consumer becomes a process warning, not an exception', async () => {
    const log = new StderrLogReader({ plugin: 'kv', pid: 1, onLog: () => { throw new Error('consumer broke'); } });
    const warning = once(process, 'warning');
    log.push(Buffer.from('x\n'));
    const [emitted] = (await warning) as [Error];
    assert.match(emitted.message, /consumer broke/);
  });
});

describe('StderrLogReader: flood control', () => {
  test('drops lines over the budget and reports how many', () => {
    const { log, lines } = reader({ burstLines: 5, linesPerSecond: 0 });
    for (let i = 0; i < 20; i++) log.push(Buffer.from(`line ${i}\n`));
    assert.equal(lines.length, 5);
    log.end();
    assert.equal(lines.length, 6);
    assert.deepEqual([lines[5]?.level, lines[5]?.message, lines[5]?.fields], [
      'warn',
      '15 stderr lines dropped: the plugin logs faster than 0 lines/s',
      { dropped: 15 },
    ]);
    assert.equal(log.droppedLines, 15);
    assert.equal(log.recentLines().at(-1), 'line 19', 'dropped lines still reach the recent ring');
  });

  test('the summary follows on a timer when the flood stops', async () => {
    const { log, lines } = reader({ burstLines: 1, linesPerSecond: 0, dropSummaryDelayMs: 20 });
    log.push(Buffer.from('kept\nlost 1\nlost 2\n'));
    assert.deepEqual(lines.map((line) => line.message), ['kept']);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(lines[1]?.message, '2 stderr lines dropped: the plugin logs faster than 0 lines/s');
  });

  test('limits characters as well as lines', () => {
    const { log, lines } = reader({ burstChars: 100, charsPerSecond: 0 });
    log.push(Buffer.from(`${'a'.repeat(80)}\n${'b'.repeat(80)}\n${'c'.repeat(10)}\n`));
    assert.deepEqual(lines.map((line) => line.message[0]), ['a', 'c']);
    log.end();
    assert.equal(lines[2]?.message, '1 stderr line dropped: the plugin logs faster than 500 lines/s');
  });

  test('10 MB of stderr yields a bounded number of events', (t) => {
    const { log, lines } = reader();
    const line = Buffer.from(`{"@level":"info","@message":"${'flood '.repeat(15)}","n":1}\n`);
    const chunk = Buffer.concat(Array.from({ length: Math.floor(65536 / line.length) }, () => line));
    const started = performance.now();
    let written = 0;
    while (written < 10 * 1024 * 1024) {
      log.push(chunk);
      written += chunk.length;
    }
    log.end();
    const elapsedS = (performance.now() - started) / 1000;
    const total = written / line.length;
    t.diagnostic(`${total} lines in ${(elapsedS * 1000).toFixed(0)} ms, ${lines.length} events, ${log.droppedLines} dropped`);
    const summaries = Math.ceil(elapsedS) + 1;
    assert.ok(lines.length <= 1000 + 500 * elapsedS + summaries, `${lines.length} events`);
    assert.equal(lines.length - 1 + log.droppedLines, total);
    assert.match(lines.at(-1)?.message ?? '', /stderr lines dropped/);
  });
});
