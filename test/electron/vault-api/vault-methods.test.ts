import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net, { type AddressInfo } from 'node:net';
import { RewritingConnection, VaultMethodRewriter } from '../../../electron/vault-api/vault-methods';

/** Feeds `input` in pieces of `size` bytes and returns what the parser would get. */
function rewrite(input: string, size = input.length): string {
  const rewriter = new VaultMethodRewriter(32 * 1024);
  const bytes = Buffer.from(input, 'latin1');
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(...rewriter.push(bytes.subarray(at, at + size)));
  return Buffer.concat(out).toString('latin1');
}

const head = (line: string, headers = '') => `${line}\r\nHost: h\r\n${headers}\r\n`;

test('LIST and HELP become GET with a marker in front of the path; other methods pass unchanged', () => {
  assert.equal(rewrite(head('LIST /v1/kv/ HTTP/1.1')), head('GET /~list/v1/kv/ HTTP/1.1'));
  assert.equal(rewrite(head('HELP /v1/kv/a?x=1 HTTP/1.1')), head('GET /~help/v1/kv/a?x=1 HTTP/1.1'));
  for (const line of ['GET /v1/kv/ HTTP/1.1', 'LISTEN /v1/x HTTP/1.1', 'LOCK /v1/x HTTP/1.1', 'HEAD /v1/x HTTP/1.1']) assert.equal(rewrite(head(line)), head(line));
});

test('byte by byte, pipelined, with Content-Length and chunked bodies that look like requests', () => {
  const body = 'LIST /v1/evil HTTP/1.1\r\n\r\n';
  const chunked = `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
  const input =
    head('PUT /v1/kv/a HTTP/1.1', `Content-Length: ${body.length}\r\n`) + body +
    head('POST /v1/kv/b HTTP/1.1', 'Transfer-Encoding: chunked\r\n') + chunked +
    '\r\n' + head('LIST /v1/kv/ HTTP/1.1');
  const expected =
    head('PUT /v1/kv/a HTTP/1.1', `Content-Length: ${body.length}\r\n`) + body +
    head('POST /v1/kv/b HTTP/1.1', 'Transfer-Encoding: chunked\r\n') + chunked +
    '\r\n' + head('GET /~list/v1/kv/ HTTP/1.1');
  for (const size of [1, 3, 7, 64, input.length]) assert.equal(rewrite(input, size), expected, `pieces of ${size}`);
});

test('what it cannot follow passes through unchanged (the parser refuses it)', () => {
  const bad = head('PUT /v1/kv/a HTTP/1.1', 'Content-Length: x\r\n') + 'LIST /v1/kv/ HTTP/1.1\r\n\r\n';
  assert.equal(rewrite(bad), bad);
});

/** What a client receives of `write(connection)` on the server side of a real loopback TCP connection, and how many socket writes it took. */
async function throughConnection(writeTo: (connection: RewritingConnection) => void): Promise<{ bytes: string; socketWrites: number }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
  const [socket] = (await once(server, 'connection')) as [net.Socket];
  let socketWrites = 0;
  const write = socket.write.bind(socket);
  // Counts the calls that reach the real socket (an observer: every call still writes).
  socket.write = ((...args: Parameters<typeof write>) => {
    socketWrites += 1;
    return write(...args);
  }) as typeof socket.write;
  const chunks: Buffer[] = [];
  client.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = once(client, 'end');
  writeTo(new RewritingConnection(socket, 1024));
  await ended;
  client.destroy();
  server.close();
  return { bytes: Buffer.concat(chunks).toString(), socketWrites };
}

test('a RewritingConnection passes every byte on in order; empty chunks are left out and corked chunks go on corked', async () => {
  const seen = await throughConnection((connection) => {
    connection.write('head ');
    connection.write('');
    connection.cork();
    connection.write('one ');
    connection.write(Buffer.alloc(0));
    connection.write('two ');
    process.nextTick(() => {
      connection.uncork(); // one _writev: two socket writes, corked together
      connection.cork();
      connection.write('');
      connection.write('');
      connection.uncork(); // nothing to write
      connection.end('end');
    });
  });
  assert.deepEqual(seen, { bytes: 'head one two end', socketWrites: 4 });
});
