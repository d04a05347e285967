import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The parent of every plugin socket for one data directory: short (unix socket paths are limited
 * to ~104 bytes, and macOS's temp dir is long, hence /tmp there), private to this app and data
 * directory, so the supervisor may reap plugins a killed previous run left behind.
 */
export function pluginSocketRoot(dataDir: string): string {
  const base = process.platform === 'darwin' ? '/tmp' : tmpdir();
  return join(base, `strongroom-${createHash('sha256').update(dataDir).digest('hex').slice(0, 10)}`);
}
