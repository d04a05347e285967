/**
 * One client, two back ends: inside Electron the preload bridge (`window.strongroom`), in the
 * browser the headless HTTP + WebSocket bridge under the page's token prefix.
 */
import type { InvokeReply, PushListener, StrongroomBridge } from '../../../electron/common/bridge';

export interface Transport {
  invoke(method: string, args: unknown): Promise<InvokeReply>;
  subscribe(listener: PushListener): () => void;
}

declare global {
  interface Window {
    strongroom?: StrongroomBridge;
  }
}

export function createTransport(): Transport {
  const bridge = window.strongroom;
  if (bridge !== undefined) return { invoke: (m, a) => bridge.invoke(m, a), subscribe: (l) => bridge.on(l) };
  return createHttpTransport(tokenBase(window.location.pathname));
}

/** `/<token>/anything` → `/<token>/`. */
export function tokenBase(pathname: string): string {
  const first = pathname.split('/')[1] ?? '';
  return `/${first}/`;
}

function createHttpTransport(base: string): Transport {
  const listeners = new Set<PushListener>();
  let socket: WebSocket | undefined;
  let retryMs = 250;

  const connect = () => {
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${base}api/events`);
    socket = ws;
    ws.onmessage = (message) => {
      const frame = JSON.parse(String(message.data)) as { event: string; payload: unknown; ack?: number };
      for (const listener of listeners) listener(frame.event, frame.payload);
      // Handled: the server sends more log batches only while few are unacknowledged.
      if (typeof frame.ack === 'number' && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ ack: frame.ack }));
      retryMs = 250;
    };
    ws.onclose = () => {
      socket = undefined;
      if (listeners.size > 0) setTimeout(connect, (retryMs = Math.min(retryMs * 2, 5000)));
    };
  };

  return {
    async invoke(method, args) {
      try {
        const response = await fetch(`${base}api/invoke`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ method, args }),
        });
        return (await response.json()) as InvokeReply;
      } catch (error) {
        return {
          ok: false,
          error: {
            code: 'connection_lost',
            message: `Lost the connection to Strongroom (${String(error)}). Is the headless server still running?`,
          },
        };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      if (socket === undefined) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) socket?.close();
      };
    },
  };
}
