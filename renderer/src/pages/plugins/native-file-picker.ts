/**
 * The slot for Electron's native file picker. The preload may add `pickPluginBinary()` to the
 * bridge; when it is there the register form offers "Choose file…", otherwise (headless mode) the
 * user picks from the plugin directory or types a path.
 */
export interface NativeFilePicker {
  /** Resolves with the chosen file's absolute path, or null when the user cancelled. */
  pickPluginBinary(): Promise<string | null>;
}

export function nativeFilePicker(): NativeFilePicker | undefined {
  const bridge = window.strongroom;
  const pick = bridge?.pickPluginBinary;
  return typeof pick === 'function' ? { pickPluginBinary: () => pick.call(bridge) } : undefined;
}
