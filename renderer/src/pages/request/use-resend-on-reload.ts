/**
 * "Re-send on reload": when the plugin serving the mount is reloaded and the switch is on, the
 * last request is sent again and the answer from before is kept, so the panel can show both.
 * Sending anything by hand ends the comparison (`clear`).
 */
import { useState } from 'react';
import type { Outcome } from './ReloadComparison';
import { useResendOnReload } from './follow-settings';
import { useReloadFollow, type ReloadFollow } from './use-reload-follow';
import type { useSendRequest } from './use-send-request';

type SendRequest = ReturnType<typeof useSendRequest>;

export function outcomeOf(request: SendRequest): Outcome | undefined {
  if (request.pending) return undefined;
  if (request.error !== null) return { ok: false, code: request.error.code, message: request.error.message };
  return request.result === undefined ? undefined : { ok: true, result: request.result };
}

export function useResendOnReloadFor(mountPath: string, request: SendRequest): ReloadFollow & { previous: Outcome | null; clear: () => void } {
  const on = useResendOnReload(mountPath);
  const [previous, setPrevious] = useState<Outcome | null>(null);
  const follow = useReloadFollow(mountPath, () => {
    const last = request.last;
    const shown = outcomeOf(request);
    if (!on || last === undefined || shown === undefined) return;
    setPrevious(shown);
    request.send(last.path, last.operation, last.data);
  });
  return { ...follow, previous, clear: () => setPrevious(null) };
}
