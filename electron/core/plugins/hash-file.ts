/**
 * sha256 of a (possibly large) file, streamed, reporting progress at most every 50 ms and once
 * at the end, so the UI can draw a progress bar for a 100 MB plugin binary.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { CoreError } from '../core-errors';

export interface HashProgress {
  bytesRead: number;
  totalBytes: number;
}

const PROGRESS_INTERVAL_MS = 50;

export async function hashFileWithProgress(
  path: string,
  onProgress: (progress: HashProgress) => void,
): Promise<{ sha256: string; bytes: number }> {
  const stats = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new CoreError('not_found', `Cannot read "${path}" (${error.code}). Check the path.`, { path, errno: error.code });
  });
  if (!stats.isFile()) throw new CoreError('not_found', `"${path}" is not a regular file.`, { path });
  const totalBytes = stats.size;
  const hash = createHash('sha256');
  let bytesRead = 0;
  let lastReport = 0;
  onProgress({ bytesRead: 0, totalBytes });
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytesRead += (chunk as Buffer).length;
    const now = performance.now();
    if (now - lastReport >= PROGRESS_INTERVAL_MS) {
      lastReport = now;
      onProgress({ bytesRead, totalBytes });
    }
  }
  onProgress({ bytesRead, totalBytes: Math.max(totalBytes, bytesRead) });
  return { sha256: hash.digest('hex'), bytes: bytesRead };
}
