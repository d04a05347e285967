import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Serves the built renderer; unknown routes get index.html (client-side routing). */
export function serveStatic(rootDir: string, urlPath: string, res: http.ServerResponse): void {
  const clean = decodeSafe(urlPath.split('?')[0] ?? '/');
  const relative = clean === '/' || clean === '' ? 'index.html' : clean.replace(/^\/+/, '');
  const root = path.resolve(rootDir);
  let file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) {
    res.writeHead(404).end();
    return;
  }
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    if (path.extname(relative) !== '') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    file = path.join(root, 'index.html');
  }
  const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' });
  // A file removed between the check and the read must not take the server down.
  fs.createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return '/';
  }
}
