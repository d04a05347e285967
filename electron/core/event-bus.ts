/** Push events of the contract, fanned out to every connected client (IPC windows, WebSockets). */
import type { ContractEvents, EventName } from '../common/contract';

export type EventListener = <E extends EventName>(event: E, payload: ContractEvents[E]) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish<E extends EventName>(event: E, payload: ContractEvents[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch {
        // One broken client must not stop the others from hearing the event.
      }
    }
  }
}
