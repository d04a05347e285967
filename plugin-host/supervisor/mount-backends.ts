/**
 * Which backends a (re)started process mounts, and when that start counts as failed. A start
 * mounts the backends that were mounted before plus `trigger`, the mount whose request asked for
 * it, so a mount that never worked (options that crash the plugin, say) cannot keep its siblings'
 * restarts failing. One mount's failure is kept on its backend for that mount's own next request;
 * only when every mount fails is the start a failure.
 */
import { HostError, isHostError } from '../errors';
import type { MountContext, MountedBackend } from './mounted-backend';

export async function mountBackends(
  all: Iterable<MountedBackend>,
  trigger: MountedBackend | undefined,
  contextFor: (backend: MountedBackend) => MountContext,
): Promise<void> {
  const backends = [...all].filter((backend) => backend.everMounted || backend === trigger);
  const failures: HostError[] = [];
  await Promise.all(
    backends.map((backend) =>
      backend.mount(contextFor(backend)).then(
        () => {
          backend.mountError = undefined;
        },
        (error: unknown) => {
          const failure = isHostError(error) ? error : new HostError('setup_failed', String(error));
          backend.mountError = failure;
          failures.push(failure);
        },
      ),
    ),
  );
  if (backends.length > 0 && failures.length === backends.length) throw failures[0];
}
