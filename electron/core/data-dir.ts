import os from 'node:os';
import path from 'node:path';

/**
 * Where Strongroom keeps its database and plugin sockets: `STRONGROOM_DATA_DIR` when set, else the
 * OS app-data folder (the same place Electron's `app.getPath('userData')` names for "Strongroom").
 */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const configured = env.STRONGROOM_DATA_DIR;
  if (configured !== undefined && configured.trim() !== '') return path.resolve(configured);
  const home = os.homedir();
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Strongroom');
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Strongroom');
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Strongroom');
  }
}
