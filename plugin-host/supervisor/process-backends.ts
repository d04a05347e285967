/**
 * The backends one process slot serves, keyed by mount id, and what is done to all of them at
 * once. It owns the set; each backend owns its own state (`mounted-backend.ts`).
 *
 * Which backends a (re)started process mounts, and when that start counts as failed: the backends
 * that were mounted before plus `trigger`, the mount whose request asked for it, so a mount that
 * never worked (options that crash the plugin, say) cannot keep its siblings' restarts failing.
 * One mount's failure is kept by its backend for that mount's own next request; only when every
 * mount fails is the start a failure.
 */
import type { HostError } from '../errors';
import type { BackendClient } from '../vault/backend-client';
import type { MountContext, MountedBackend } from './mounted-backend';

export class ProcessBackends {
  private readonly byMount = new Map<string, MountedBackend>();

  add(backend: MountedBackend): void {
    this.byMount.set(backend.spec.id, backend);
  }

  remove(mountId: string): MountedBackend | undefined {
    const backend = this.byMount.get(mountId);
    this.byMount.delete(mountId);
    return backend;
  }

  get size(): number {
    return this.byMount.size;
  }

  mountIds(): string[] {
    return [...this.byMount.keys()];
  }

  /** The mount paths, to tag the process's log lines. */
  label(): string {
    return [...this.byMount.values()].map((backend) => backend.spec.path).join(',');
  }

  async mountOnStart(trigger: MountedBackend | undefined, contextFor: (backend: MountedBackend) => MountContext): Promise<void> {
    const backends = [...this.byMount.values()].filter((backend) => backend.everMounted || backend === trigger);
    const failures: HostError[] = [];
    // In the order they fail: the first failure is the one a start that failed entirely reports.
    await Promise.all(
      backends.map((backend) =>
        backend.mountOnStart(contextFor(backend)).then((failure) => {
          if (failure !== undefined) failures.push(failure);
        }),
      ),
    );
    if (backends.length > 0 && failures.length === backends.length) throw failures[0];
  }

  /** Graceful, on a live process: Cleanup each backend and close its brokered server. */
  async unmountAll(): Promise<void> {
    await Promise.all([...this.byMount.values()].map((backend) => backend.unmount()));
  }

  /** The process is gone: every backend forgets its connection-bound parts. */
  detachAll(): void {
    for (const backend of this.byMount.values()) backend.detach();
  }

  /** A client of any mounted backend, for process-wide calls (the plugin's version). */
  anyClient(): BackendClient | undefined {
    return [...this.byMount.values()].find((backend) => backend.client !== undefined)?.client;
  }
}
