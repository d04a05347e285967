/**
 * The checks on a TS plugin's source folder (development mode's `sourceDir`). Its main.ts is built
 * into a binary that is pinned and run without review, so whoever can write the folder (or swap
 * one of its parents) can run code as the user: the plugin directory's confinement would mean
 * nothing. The folder, after following links, must be the user's own and writable by nobody else,
 * its main.ts too, and no folder above it may let another user rename or replace what is below.
 * Checked before registering and again before every build.
 */
import { realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { dirname, isAbsolute, join, sep } from 'node:path';
import { CoreError } from '../core-errors';

export interface SourceFolder {
  /** The folder after following links: what is watched and built. */
  folder: string;
  /** Its main.ts after following links (inside `folder`). */
  mainFile: string;
}

const GROUP_OR_WORLD_WRITABLE = 0o022;
const STICKY = 0o1000;

function refuse(sourceDir: string, message: string): never {
  throw new CoreError('invalid_request', message, { sourceDir });
}

function ownUid(): number {
  return process.getuid?.() ?? -1;
}

function modeText(stats: Stats): string {
  return (stats.mode & 0o7777).toString(8).padStart(4, '0');
}

/** The folder and its main.ts: owned by this user and not writable by group or others. */
function requireOwnAndPrivate(sourceDir: string, path: string, stats: Stats, what: string): void {
  const uid = ownUid();
  if (uid !== -1 && stats.uid !== uid) {
    refuse(sourceDir, `${what} "${path}" belongs to uid ${stats.uid}, not to the user Strongroom runs as (uid ${uid}): only your own sources are built. Run \`chown ${uid} "${path}"\`, or copy the sources into a folder of yours.`);
  }
  if ((stats.mode & GROUP_OR_WORLD_WRITABLE) !== 0) {
    refuse(sourceDir, `${what} "${path}" can be written by other users (mode ${modeText(stats)}), who could then change the code Strongroom builds and runs. Run \`chmod go-w "${path}"\`.`);
  }
}

/**
 * Each folder above: owned by root or this user and writable by nobody else, or a sticky folder
 * owned by root (like /tmp) whose entry on the way down is this user's (nobody else can rename it).
 */
async function requireSafeParents(sourceDir: string, folder: string, folderStats: Stats): Promise<void> {
  const uid = ownUid();
  let child = folder;
  let childStats = folderStats;
  while (dirname(child) !== child) {
    const parent = dirname(child);
    const stats = await stat(parent);
    const ownedByTrusted = uid === -1 || stats.uid === 0 || stats.uid === uid;
    const sticky = (stats.mode & STICKY) !== 0;
    if (!ownedByTrusted) {
      refuse(sourceDir, `The folder "${parent}" above the source folder belongs to uid ${stats.uid}, who could replace "${child}". Keep the sources under folders owned by you or root (your home folder, say).`);
    }
    if ((stats.mode & GROUP_OR_WORLD_WRITABLE) !== 0) {
      const stickyAndSafe = sticky && stats.uid === 0 && (uid === -1 || childStats.uid === uid);
      if (!stickyAndSafe) {
        refuse(
          sourceDir,
          `The folder "${parent}" above the source folder can be written by other users (mode ${modeText(stats)}), who could rename "${child}" and put other code in its place. ` +
            `Run \`chmod go-w "${parent}"\`, or move the sources to a folder only you can write.`,
        );
      }
    }
    child = parent;
    childStats = stats;
  }
}

/** Validates `sourceDir` (see the header) and answers its real path and main.ts; refuses with how to fix it. */
export async function checkSourceFolder(sourceDir: string): Promise<SourceFolder> {
  if (!isAbsolute(sourceDir)) refuse(sourceDir, `The source folder "${sourceDir}" is not an absolute path: give the full path of the folder holding the plugin's main.ts.`);
  const folder = await realpath(sourceDir).catch(() => refuse(sourceDir, `The source folder "${sourceDir}" does not exist: give the folder of a TS plugin made with the SDK.`));
  const folderStats = await stat(folder);
  if (!folderStats.isDirectory()) refuse(sourceDir, `"${sourceDir}" is not a folder: give the folder holding the plugin's main.ts, not a file.`);
  requireOwnAndPrivate(sourceDir, folder, folderStats, 'The source folder');
  await requireSafeParents(sourceDir, folder, folderStats);
  const noMain = `"${sourceDir}" has no main.ts: give the folder of a TS plugin made with the SDK (its main.ts calls serve()).`;
  const mainFile = await realpath(join(folder, 'main.ts')).catch(() => refuse(sourceDir, noMain));
  if (!mainFile.startsWith(folder === sep ? sep : `${folder}${sep}`)) {
    refuse(sourceDir, `"${join(folder, 'main.ts')}" is a link to "${mainFile}", outside the source folder: make main.ts a plain file in "${folder}".`);
  }
  const mainStats = await stat(mainFile);
  if (!mainStats.isFile()) refuse(sourceDir, noMain);
  requireOwnAndPrivate(sourceDir, mainFile, mainStats, 'The file');
  return { folder, mainFile };
}
