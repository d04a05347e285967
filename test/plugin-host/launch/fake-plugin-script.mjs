// A stand-in plugin for the launcher's integration tests: a real process that behaves like a
// go-plugin server (socket in PLUGIN_UNIX_SOCKET_DIR, handshake on stdout, hclog on stderr) or
// misbehaves in one named way, chosen by argv[2]. Copied into a temp dir with a shebang line.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import process from 'node:process';
import { setInterval } from 'node:timers';

const mode = process.argv[2] ?? 'good';
const socketDir = process.env.PLUGIN_UNIX_SOCKET_DIR ?? '/tmp';
const log = (level, message, extra = {}) =>
  process.stderr.write(JSON.stringify({ '@level': level, '@message': message, '@timestamp': new Date().toISOString(), ...extra }) + '\n');

// Echo the host's own certificate back as ours: a real certificate, base64 DER without padding.
function certificateField() {
  const pem = process.env.PLUGIN_CLIENT_CERT ?? '';
  return pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '').replace(/=+$/, '');
}

function serveAndHandshake(appVersion = 5) {
  const path = join(socketDir, `plugin${Math.floor(Math.random() * 1e9)}`);
  const server = createServer((socket) => socket.end());
  server.listen(path, () => {
    log('debug', 'plugin address', { address: path, network: 'unix' });
    process.stdout.write(`1|${appVersion}|unix|${path}|grpc|${certificateField()}\n`);
    afterHandshake();
  });
}

function afterHandshake() {
  if (mode === 'flood-stderr') {
    const line = 'x'.repeat(99) + '\n';
    const chunk = line.repeat(1024);
    let left = 100; // 100 chunks of ~100 KiB: 10 MB
    const next = () => {
      while (left > 0) {
        left -= 1;
        if (!process.stderr.write(chunk)) return process.stderr.once('drain', next);
      }
      log('info', 'flood done');
    };
    next();
  } else if (mode === 'flood-stdout') {
    const chunk = 'y'.repeat(1024 * 1024);
    let left = 8;
    const next = () => {
      while (left > 0) {
        left -= 1;
        if (!process.stdout.write(chunk)) return process.stdout.once('drain', next);
      }
      log('info', 'stdout done');
    };
    next();
  }
  setInterval(() => undefined, 60_000);
}

switch (mode) {
  case 'good':
  case 'flood-stderr':
  case 'flood-stdout':
    if (process.argv[3]) writeFileSync(process.argv[3], JSON.stringify(process.env));
    serveAndHandshake();
    break;
  case 'wrong-version':
    serveAndHandshake(3);
    break;
  case 'exit-early':
    process.stderr.write('[ERROR] cannot open configuration\nsecond reason line\n');
    process.exitCode = 3;
    break;
  case 'die-by-signal':
    process.stderr.write('about to be terminated\n');
    process.kill(process.pid, 'SIGTERM');
    break;
  case 'hang':
    process.stderr.write('loading a very large model...\n');
    setInterval(() => undefined, 60_000);
    break;
  case 'garbage':
    process.stderr.write('this program does not speak go-plugin\n');
    process.stdout.write('Welcome to my program! Type help for help.\n');
    setInterval(() => undefined, 60_000);
    break;
  default:
    process.stderr.write(`unknown mode ${mode}\n`);
    process.exitCode = 2;
}
