/**
 * "Add plugin…": a file picked anywhere is inspected (size, whether it is a program for this
 * machine, sha256), then copied into the plugin directory and registered. The copy goes to a
 * temporary file in the plugin directory first and is renamed into place, so a half-written copy
 * is never there under the plugin's name; an existing file is never replaced without `overwrite`.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, copyFile, rename, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { classifyExecutable, readHead } from '../../../plugin-host';
import type { PluginInspection } from '../../common/contract/plugins';
import { CoreError } from '../core-errors';
import { hashFileWithProgress, type HashProgress } from './hash-file';

/** What the file would be called in the plugin directory: its own name unless one is given. */
export function installedName(source: string, fileName: string | undefined): string {
  const name = fileName ?? basename(source);
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) {
    throw new CoreError('invalid_request', `"${name}" cannot be a file name in the plugin directory: give a plain name without "/" or "\\".`, { fileName: name });
  }
  return name;
}

export async function inspectPluginFile(
  source: string,
  pluginDirectory: string,
  fileName: string | undefined,
  onProgress: (progress: HashProgress) => void,
): Promise<PluginInspection> {
  const path = resolve(source);
  const { sha256, bytes } = await hashFileWithProgress(path, onProgress);
  const format = classifyExecutable(await readHead(path));
  const name = installedName(path, fileName);
  const target = join(pluginDirectory, name);
  const existing = await stat(target).catch(() => undefined);
  const existingSha256 = existing?.isFile() === true ? (await hashFileWithProgress(target, () => undefined)).sha256 : undefined;
  return {
    path,
    bytes,
    sha256,
    kind: format.kind,
    runnable: format.runnable,
    problem: format.problem ?? null,
    fileName: name,
    target,
    inPluginDirectory: resolve(pluginDirectory, name) === path,
    existing: existing === undefined ? 'none' : existingSha256 === sha256 ? 'identical' : 'different',
  };
}

/**
 * Copies `inspection.path` to `inspection.target` (temp file + rename, mode 0755). Refuses a file
 * that is not a program for this machine, and a different existing file unless `overwrite`.
 */
export async function copyIntoPluginDirectory(inspection: PluginInspection, overwrite: boolean): Promise<void> {
  if (!inspection.runnable) {
    throw new CoreError('invalid_request', `"${inspection.path}" was not copied: ${inspection.problem ?? 'it is not a program for this machine.'}`, {
      path: inspection.path,
      kind: inspection.kind,
    });
  }
  if (inspection.inPluginDirectory || inspection.existing === 'identical') return;
  if (inspection.existing === 'different' && !overwrite) {
    throw new CoreError(
      'plugin_file_exists',
      `The plugin directory already has a different file "${inspection.fileName}". Confirm replacing it (overwrite), or install under another file name.`,
      { target: inspection.target },
    );
  }
  const temporary = join(resolve(inspection.target, '..'), `.${inspection.fileName}.${randomBytes(6).toString('hex')}.partial`);
  try {
    await copyFile(inspection.path, temporary, constants.COPYFILE_EXCL);
    await chmod(temporary, 0o755);
    await rename(temporary, inspection.target);
  } catch (error) {
    await rm(temporary, { force: true });
    if (error instanceof CoreError) throw error;
    const errno = (error as NodeJS.ErrnoException).code;
    throw new CoreError('invalid_plugin_directory', `Could not copy "${inspection.path}" into the plugin directory (${errno ?? String(error)}). Check that the folder is writable.`, {
      path: inspection.path,
      target: inspection.target,
      errno,
    });
  }
}
