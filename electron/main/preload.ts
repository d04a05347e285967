/**
 * The only surface the sandboxed renderer gets: typed invoke and one event subscription.
 * Checked with `satisfies` against the renderer's declaration of the bridge.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { StrongroomBridge } from '../common/bridge';

const bridge = {
  invoke: (method: string, args: unknown) => ipcRenderer.invoke('contract:invoke', method, args),
  on: (listener: (event: string, payload: unknown) => void) => {
    // Acknowledged after the listener ran: main holds log batches back while the page is behind.
    const handler = (_event: IpcRendererEvent, name: string, payload: unknown, ack: unknown) => {
      listener(name, payload);
      if (typeof ack === 'number') ipcRenderer.send('contract:ack', ack);
    };
    ipcRenderer.on('contract:event', handler);
    return () => {
      ipcRenderer.removeListener('contract:event', handler);
    };
  },
  pickPluginBinary: () => ipcRenderer.invoke('dialog:pick-plugin-binary') as Promise<string | null>,
} satisfies StrongroomBridge;

contextBridge.exposeInMainWorld('strongroom', bridge);
