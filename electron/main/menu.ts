/** The application menu: standard roles only (no dev tools or reload in a packaged app). */
import { app, shell, type MenuItemConstructorOptions } from 'electron';

export function applicationMenu(): MenuItemConstructorOptions[] {
  const isMac = process.platform === 'darwin';
  const develop = !app.isPackaged;
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [isMac ? { role: 'close' as const } : { role: 'quit' as const }] },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...(develop ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }] : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'Vault plugin documentation', click: () => void shell.openExternal('https://developer.hashicorp.com/vault/docs/plugins') }],
    },
  ];
}
