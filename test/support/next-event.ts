/**
 * The next event of one kind (optionally matching) published on a core EventBus, or a rejection
 * after `timeoutMs`. Its timer is ref'd, so it also keeps the process alive while core timers
 * (which are unref'd) are due.
 */
import type { ContractEvents, EventName } from '../../electron/common/contract';
import type { EventBus } from '../../electron/core/event-bus';

export function nextEvent<E extends EventName>(
  events: EventBus,
  name: E,
  matches: (payload: ContractEvents[E]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<ContractEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${name} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = events.subscribe((event, payload) => {
      if ((event as EventName) !== name || !matches(payload as ContractEvents[E])) return;
      clearTimeout(timer);
      off();
      resolve(payload as ContractEvents[E]);
    });
  });
}
