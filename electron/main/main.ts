/**
 * The Electron shell, kept thin: one window with the secure options, the renderer served from a
 * custom scheme with the strict CSP, IPC handlers registered from the contract with a sender
 * check, navigation and new windows blocked, single-instance lock. The sender, path and link
 * checks live in `shell-security.ts`, which plain Node tests can run. Everything else is plain Node.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { toContractError } from '../common/errors';
import { createAppServices } from '../core/app-services';
import { contentSecurityPolicy } from '../server/security-headers';
import { startVaultApi, vaultApiLine } from '../vault-api';
import { applicationMenu } from './menu';
import { isExternalLink, isOurFrame, rendererFileFor } from './shell-security';
import { pushToWindow } from './window-push';
import { APP_ORIGIN, APP_SCHEME, secureWindowOptions } from './window-options';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.resolve(here, '..', 'renderer');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      // e.g. the database is locked by another copy, or was written by a newer Strongroom.
      dialog.showErrorBox('Strongroom could not start', toContractError(error).message);
      app.exit(1);
    });
}

async function start(): Promise<void> {
  const services = await createAppServices({ dataDir: app.getPath('userData'), mode: 'electron' });
  // A refused STRONGROOM_API_ADDR stops the start with its message (the error dialog above).
  const vaultApi = await startVaultApi({ api: services.vaultApi }).catch(async (error: unknown) => {
    await services.close();
    throw error;
  });
  console.log(vaultApiLine(vaultApi));

  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileFor(request.url, rendererDir);
    if (file === undefined) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', contentSecurityPolicy);
    return new Response(response.body, { status: response.status, headers });
  });

  const window = new BrowserWindow(secureWindowOptions(path.join(here, 'preload.cjs')));
  ipcMain.handle('contract:invoke', async (event, method: unknown, args: unknown) => {
    if (!isOurFrame(event, window.webContents)) return { ok: false, error: { code: 'forbidden_sender', message: 'IPC from an unknown frame was refused.' } };
    return services.dispatch(method, args);
  });
  ipcMain.handle('dialog:pick-plugin-binary', async (event) => {
    if (!isOurFrame(event, window.webContents)) return null;
    const pluginDirectory = await services.dispatch('settings.get', {});
    const defaultPath = pluginDirectory.ok ? (pluginDirectory.result as { pluginDirectory: string }).pluginDirectory : undefined;
    const choice = await dialog.showOpenDialog(window, {
      title: 'Choose a plugin binary',
      properties: ['openFile', 'dontAddToRecent'],
      ...(defaultPath === undefined ? {} : { defaultPath }),
    });
    return choice.canceled ? null : (choice.filePaths[0] ?? null);
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenu()));
  const unsubscribe = pushToWindow(
    services.events,
    {
      isDestroyed: () => window.isDestroyed(),
      send: (channel, name, payload, ack) => window.webContents.send(channel, name, payload, ack),
      onNavigation: (listener) => window.webContents.on('did-start-navigation', (details) => listener(details)),
    },
    ipcMain,
    (event) => isOurFrame(event, window.webContents),
  );

  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${APP_ORIGIN}/index.html`);

  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    event.preventDefault();
    unsubscribe();
    void vaultApi
      .close()
      .then(() => services.close())
      .finally(() => app.exit(0));
  });
}
