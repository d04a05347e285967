/**
 * The BrowserWindow options, kept free of Electron imports so a plain Node test can check them
 * against Electron's security checklist (context isolation, sandbox, no node integration, …).
 */
export function secureWindowOptions(preloadPath: string) {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Strongroom',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  } as const;
}

/** The renderer is served from this privileged custom scheme, never from file:// or the network. */
export const APP_SCHEME = 'strongroom';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
