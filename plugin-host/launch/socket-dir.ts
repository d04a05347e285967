/**
 * The plugin's private socket directory (`PLUGIN_UNIX_SOCKET_DIR` and `TMPDIR` of the child).
 *
 * Mode 0700 and owned by us, so no other local user can reach the plugin's socket or swap it;
 * mTLS is the second lock on the same door. The supervisor chooses the path and removes it.
 */
import { chmod, lstat, mkdir } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { HostError } from '../errors';

/** go-plugin names its socket `plugin` + up to 10 digits inside the directory. */
const SOCKET_NAME_CHARS = '/plugin'.length + 10;
/** sun_path holds 108 bytes on Linux, 104 on macOS, including the terminating NUL. */
const MAX_SOCKET_PATH_BYTES = process.platform === 'linux' ? 107 : 103;
export const MAX_SOCKET_DIR_BYTES = MAX_SOCKET_PATH_BYTES - SOCKET_NAME_CHARS;

export async function preparePrivateSocketDir(dir: string): Promise<void> {
  if (!isAbsolute(dir)) throw socketDirError(dir, 'it must be an absolute path');
  if (process.platform !== 'win32' && Buffer.byteLength(dir) > MAX_SOCKET_DIR_BYTES) {
    throw socketDirError(
      dir,
      `it is longer than ${MAX_SOCKET_DIR_BYTES} bytes, so the plugin's unix socket path would not fit ` +
        'the operating system limit; use a shorter directory',
    );
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stats = await lstat(dir);
  if (!stats.isDirectory()) throw socketDirError(dir, 'it is not a directory (symlinks are refused)');
  if (process.platform === 'win32') return;
  if (stats.uid !== process.getuid?.()) {
    throw socketDirError(dir, `it is owned by uid ${stats.uid}, not by this process; remove it`);
  }
  if ((stats.mode & 0o077) !== 0) await chmod(dir, 0o700);
}

function socketDirError(dir: string, reason: string): HostError {
  return new HostError('spawn_failed', `Cannot use "${dir}" as the plugin's private socket directory: ${reason}.`, {
    socketDir: dir,
  });
}
