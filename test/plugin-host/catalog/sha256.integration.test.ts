import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sha256File } from '../../../plugin-host/catalog/sha256';

// Sizes around the 4 MiB double-buffered read: empty, one partial chunk, exact chunks, several plus a tail.
for (const size of [0, 1, 4 * 1024 * 1024, 8 * 1024 * 1024, 9 * 1024 * 1024 + 3]) {
  test(`sha256File of ${size} bytes equals the digest of the whole content`, async () => {
    const content = randomBytes(size);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sr-sha-')), 'blob');
    fs.writeFileSync(file, content);
    try {
      assert.equal(await sha256File(file), createHash('sha256').update(content).digest('hex'));
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
}
