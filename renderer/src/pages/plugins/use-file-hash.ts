/** `plugins.hashFile` with its `plugins.hashProgress` pushes turned into a 0–1 fraction. */
import { useState } from 'react';
import { useContractEvent, useContractMutation } from '../../client/use-contract';

export function useFileHash() {
  const hash = useContractMutation('plugins.hashFile');
  const [progress, setProgress] = useState<{ bytesRead: number; totalBytes: number } | undefined>();
  useContractEvent('plugins.hashProgress', (event) => {
    if (hash.isPending) setProgress({ bytesRead: event.bytesRead, totalBytes: event.totalBytes });
  });
  const start = (path: string) => {
    setProgress({ bytesRead: 0, totalBytes: 0 });
    hash.mutate(
      { path },
      { onSuccess: (result) => setProgress({ bytesRead: result.bytes, totalBytes: result.bytes }) },
    );
  };
  const fraction = progress === undefined || progress.totalBytes === 0 ? 0 : progress.bytesRead / progress.totalBytes;
  return { start, result: hash.data, error: hash.error, pending: hash.isPending, fraction, progress, reset: () => (hash.reset(), setProgress(undefined)) };
}
