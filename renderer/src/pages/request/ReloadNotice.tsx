/**
 * Where the author is looking when the plugin serving this mount is rebuilt: a good reload (old →
 * new sha256, how long it took) or a failed one (which stage, the message, the build's output or
 * the plugin's stderr, and the sha256 that stays pinned).
 */
import type { PluginReloadedEvent, PluginReloadFailedEvent } from '../../../../electron/common/contract/plugin-dev';
import { formatBytes, shortHash } from '../../components/format';

const STAGE: Record<PluginReloadFailedEvent['stage'], string> = {
  build: 'The build failed',
  hash: 'The new binary could not be read',
  start: 'The new binary did not start',
};

export function ReloadNotice({ reloaded, failed }: { reloaded: PluginReloadedEvent | null; failed: PluginReloadFailedEvent | null }) {
  return (
    <>
      {failed !== null && (
        <section className="notice notice-error" role="alert" aria-label="Reload failed" data-testid="reload-failed">
          <strong>
            {STAGE[failed.stage]}: {failed.name}
            {failed.version === '' ? '' : `@${failed.version}`}
          </strong>
          <p>{failed.message}</p>
          {failed.output.length > 0 && (
            <pre className="raw-text" aria-label="Output" data-testid="reload-output">
              {failed.output.join('\n')}
            </pre>
          )}
          <p className="muted">
            Still pinned: <code title={failed.pinnedSha256}>{failed.pinnedSha256}</code> (the previous binary keeps serving until a good one arrives).
          </p>
        </section>
      )}
      {reloaded !== null && failed === null && (
        <p className="notice" role="status" data-testid="reload-done">
          Reloaded {reloaded.name}
          {reloaded.version === '' ? '' : `@${reloaded.version}`}: <code title={reloaded.previousSha256}>{shortHash(reloaded.previousSha256)}</code> →{' '}
          <code title={reloaded.sha256}>{shortHash(reloaded.sha256)}</code> ({formatBytes(reloaded.bytes)}) in {Math.round(reloaded.durationMs)} ms
        </p>
      )}
    </>
  );
}
