/**
 * Push events to the window over Electron IPC, through a bounded channel: the preload
 * acknowledges log batches (`contract:ack`) once the page's listeners ran, a reload of the page
 * forgets what the old page left unacknowledged. No `electron` import: the shapes below are the
 * parts of `WebContents` and `ipcMain` it uses, so it can be tested without the Electron binary.
 */
import type { EventBus } from '../core/event-bus';
import { BoundedPushChannel } from '../core/push-channel';

export interface PushWindow {
  isDestroyed(): boolean;
  send(channel: 'contract:event', name: string, payload: unknown, ack: number | undefined): void;
  onNavigation(listener: (details: { isMainFrame: boolean; isSameDocument: boolean }) => void): void;
}

export interface AckReceiver<E> {
  on(channel: 'contract:ack', listener: (event: E, upTo: unknown) => void): unknown;
  removeListener(channel: 'contract:ack', listener: (event: E, upTo: unknown) => void): unknown;
}

/** Starts pushing; the returned function stops it. `isOurFrame` checks each ack's sender. */
export function pushToWindow<E>(events: EventBus, window: PushWindow, acks: AckReceiver<E>, isOurFrame: (event: E) => boolean): () => void {
  const channel = new BoundedPushChannel((name, payload, ack) => {
    if (!window.isDestroyed()) window.send('contract:event', name, payload, ack);
  });
  const onAck = (event: E, upTo: unknown) => {
    if (isOurFrame(event) && typeof upTo === 'number') channel.ack(upTo);
  };
  acks.on('contract:ack', onAck);
  window.onNavigation((details) => {
    if (details.isMainFrame && !details.isSameDocument) channel.reset();
  });
  const unsubscribe = events.subscribe((name, payload) => channel.publish(name, payload));
  return () => {
    unsubscribe();
    acks.removeListener('contract:ack', onAck);
  };
}
