/** The regular files of the plugin directory, for the UI's "pick a binary" list. */
import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PluginDirectoryFile } from '../../common/contract/plugins';

export async function listPluginDirectory(directory: string): Promise<PluginDirectoryFile[]> {
  const names = await readdir(directory).catch(() => [] as string[]);
  const files: PluginDirectoryFile[] = [];
  for (const name of names.sort()) {
    const file = join(directory, name);
    const stats = await stat(file).catch(() => undefined);
    if (stats === undefined || !stats.isFile()) continue;
    const executable = await access(file, constants.X_OK).then(
      () => true,
      () => false,
    );
    files.push({ name, bytes: stats.size, executable, modifiedAt: stats.mtime.toISOString() });
  }
  return files;
}
