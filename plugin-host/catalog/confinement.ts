/**
 * A catalog command may only name a file inside the plugin directory: not absolute, no `..`,
 * and after symlinks are resolved the file must still sit inside the (resolved) plugin
 * directory. Checked at registration and again before every start, because the files on disk
 * can change in between.
 */
import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep, win32 } from 'node:path';
import { HostError } from '../errors';

/** Resolves `command` inside `pluginDirectory` to the real path of an executable regular file. */
export async function resolveConfinedCommand(pluginDirectory: string, command: string): Promise<string> {
  checkCommandShape(command);
  const directory = await realDirectory(pluginDirectory);
  const candidate = join(directory, command);

  let file: string;
  try {
    file = await realpath(candidate);
  } catch (error) {
    throw missing(candidate, error as NodeJS.ErrnoException);
  }
  const fromDirectory = relative(directory, dirname(file));
  if (fromDirectory === '..' || fromDirectory.startsWith(`..${sep}`) || isAbsolute(fromDirectory)) {
    throw new HostError(
      'command_outside_plugin_dir',
      `The plugin command "${command}" resolves to "${file}", outside the plugin directory "${directory}" ` +
        '(through a symlink). Copy the binary into the plugin directory instead of linking to it.',
      { command, resolved: file, pluginDirectory: directory },
    );
  }

  const stats = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw missing(file, error);
  });
  if (!stats.isFile()) {
    throw new HostError('plugin_binary_not_executable', `The plugin command "${file}" is not a regular file.`, { file });
  }
  try {
    await access(file, constants.X_OK);
  } catch {
    throw new HostError(
      'plugin_binary_not_executable',
      `The plugin binary "${file}" is not executable by this user. Run: chmod +x "${file}".`,
      { file },
    );
  }
  return file;
}

function checkCommandShape(command: string): void {
  if (isAbsolute(command) || win32.isAbsolute(command)) {
    throw new HostError(
      'command_outside_plugin_dir',
      `The plugin command "${command}" is an absolute path; give it relative to the plugin directory ` +
        '(and put the binary there).',
      { command },
    );
  }
  if (command.includes('..')) {
    throw new HostError(
      'command_outside_plugin_dir',
      `The plugin command "${command}" contains "..": it must name a file inside the plugin directory.`,
      { command },
    );
  }
}

async function realDirectory(pluginDirectory: string): Promise<string> {
  try {
    return await realpath(pluginDirectory);
  } catch (error) {
    throw new HostError(
      'plugin_binary_missing',
      `The plugin directory "${pluginDirectory}" cannot be read (${(error as NodeJS.ErrnoException).code}). ` +
        'Create it, or point Strongroom at the folder that holds your plugins.',
      { pluginDirectory },
    );
  }
}

function missing(file: string, error: NodeJS.ErrnoException): HostError {
  const why = error.code === 'ENOENT' ? 'does not exist' : `cannot be resolved (${error.code})`;
  return new HostError(
    'plugin_binary_missing',
    `The plugin binary "${file}" ${why}. Put the file back in the plugin directory, or re-register the plugin.`,
    { file, errno: error.code },
  );
}
