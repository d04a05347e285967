/**
 * The request panel's switches for a plugin under development: "Re-send on reload" (this window,
 * per mount) and "Capture storage diffs" (the core's per-mount capture, `storage.capture`), with a
 * link to the mount's raw storage.
 */
import { ErrorNotice } from '../../components/ErrorNotice';
import { useContractMutation, useContractQuery } from '../../client/use-contract';
import { routeHref } from '../../routing/routes';
import { setResendOnReload, useResendOnReload } from './follow-settings';

export function FollowBar({ mountPath }: { mountPath: string }) {
  const resend = useResendOnReload(mountPath);
  const capture = useContractQuery('storage.captureState', { mount: mountPath });
  const setCapture = useContractMutation('storage.capture', ['storage.captureState']);
  return (
    <div className="follow-bar" role="group" aria-label="Development">
      <label>
        <input type="checkbox" checked={resend} onChange={(e) => setResendOnReload(mountPath, e.target.checked)} /> Re-send on reload
      </label>
      <label title="Keeps each request's storage changes with the values before and after (in memory, the last 32 requests)">
        <input
          type="checkbox"
          checked={capture.data?.enabled ?? false}
          disabled={capture.isPending || setCapture.isPending}
          onChange={(e) => setCapture.mutate({ mount: mountPath, enabled: e.target.checked })}
        />{' '}
        Capture storage diffs
      </label>
      <a href={routeHref({ page: 'storage', mount: mountPath, prefix: '' })}>Browse {mountPath} storage</a>
      <ErrorNotice error={capture.error ?? setCapture.error} title="Storage capture" />
    </div>
  );
}
