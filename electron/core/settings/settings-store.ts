/**
 * App settings kept in the barrier (`core/settings`): for now the plugin directory. Only read
 * while unsealed, like everything a plugin start needs.
 */
import { mkdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Storage } from '../../storage';
import type { SettingsView } from '../../common/contract/settings';
import { CoreError } from '../core-errors';

const SETTINGS_KEY = 'core/settings';

interface StoredSettings {
  pluginDirectory?: string;
}

export class SettingsStore {
  readonly defaultPluginDirectory: string;

  constructor(
    private readonly storage: Storage,
    dataDir: string,
  ) {
    this.defaultPluginDirectory = join(dataDir, 'plugins');
  }

  view(): SettingsView {
    return { pluginDirectory: this.pluginDirectory(), defaultPluginDirectory: this.defaultPluginDirectory };
  }

  /** The configured directory, or the default one (created owner-only when missing). */
  pluginDirectory(): string {
    const configured = this.read().pluginDirectory;
    if (configured !== undefined) return configured;
    mkdirSync(this.defaultPluginDirectory, { recursive: true, mode: 0o700 });
    return this.defaultPluginDirectory;
  }

  setPluginDirectory(path: string): string {
    if (!isAbsolute(path)) {
      throw new CoreError('invalid_plugin_directory', `The plugin directory "${path}" is not an absolute path; give the full path.`, { path });
    }
    const directory = resolve(path);
    let isDirectory = false;
    try {
      isDirectory = statSync(directory).isDirectory();
    } catch {
      isDirectory = false;
    }
    if (!isDirectory) {
      throw new CoreError('invalid_plugin_directory', `"${directory}" is not an existing directory. Create it first, then choose it.`, {
        path: directory,
      });
    }
    this.write({ ...this.read(), pluginDirectory: directory });
    return directory;
  }

  private read(): StoredSettings {
    const raw = this.storage.get(SETTINGS_KEY);
    return raw === undefined ? {} : (JSON.parse(raw.toString('utf8')) as StoredSettings);
  }

  private write(settings: StoredSettings): void {
    this.storage.put(SETTINGS_KEY, Buffer.from(JSON.stringify(settings)));
  }
}
