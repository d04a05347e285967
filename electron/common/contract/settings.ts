import { z } from 'zod';

export const settingsMethods = {
  'settings.get': z.object({}).strict(),
  /** An absolute path to an existing directory; plugin commands are resolved (and confined) inside it. */
  'settings.setPluginDirectory': z.object({ path: z.string().min(1).max(4096) }).strict(),
} as const;

export interface SettingsView {
  pluginDirectory: string;
  /** `<dataDir>/plugins`, used until another directory is chosen. */
  defaultPluginDirectory: string;
}

export interface SettingsResults {
  'settings.get': SettingsView;
  'settings.setPluginDirectory': SettingsView;
}
