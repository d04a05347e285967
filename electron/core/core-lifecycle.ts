/**
 * The core's lifecycle: uninitialised → sealed → unsealed and back. It owns the storage's seal and
 * the runtime that exists only while unsealed (plugins, mounts, leases), built at init/unseal and
 * torn down at seal or close. Lifecycle operations (init, unseal, seal, rotate, passphrase change)
 * run one at a time. Every method other than `app.*` and `seal.*` reaches the runtime through
 * `core()`, which answers `sealed` (or `not_initialized`) while there is none.
 */
import type { InitResult, SealStatusView } from '../common/contract/seal';
import { sealedError, StorageError, type Storage } from '../storage';
import type { AuditLog } from './audit/audit-log';
import { CoreRuntime } from './core-runtime';
import type { EventBus } from './event-bus';
import { SerialQueue } from './serial-queue';

export interface CoreLifecycleOptions {
  storage: Storage;
  dataDir: string;
  events: EventBus;
  auditLog: AuditLog;
}

export class CoreLifecycle {
  private runtime: CoreRuntime | undefined;
  private readonly queue = new SerialQueue();

  constructor(private readonly options: CoreLifecycleOptions) {}

  status(): SealStatusView {
    const { initialized, sealed, activeKeyTerm, activeKeyInstalledAt } = this.options.storage.status();
    const view: SealStatusView = { initialized, sealed: sealed || this.runtime === undefined };
    if (!view.sealed && activeKeyTerm !== undefined) view.activeKeyTerm = activeKeyTerm;
    if (!view.sealed && activeKeyInstalledAt !== undefined) view.activeKeyInstalledAt = activeKeyInstalledAt.toISOString();
    return view;
  }

  /** New writes use a fresh key from now on; every older term stays in the keyring. */
  rotate(): Promise<SealStatusView> {
    return this.serial(async () => {
      this.core(); // unsealed only
      this.options.storage.rotate();
      const status = this.status();
      this.options.events.publish('seal.changed', status);
      return status;
    });
  }

  /** The root key is re-wrapped under `next`; a wrong `current` changes nothing. */
  changePassphrase(current: string, next: string): Promise<SealStatusView> {
    return this.serial(async () => {
      this.core(); // unsealed only
      await this.options.storage.changePassphrase(current, next);
      return this.status();
    });
  }

  /** First run: the passphrase, then the root token of the Vault API, returned this once. */
  init(passphrase: string): Promise<InitResult> {
    return this.serial(async () => {
      await this.options.storage.init(passphrase);
      const status = this.openRuntime();
      return { ...status, rootToken: this.core().tokens.createRoot().id };
    });
  }

  unseal(passphrase: string): Promise<SealStatusView> {
    return this.serial(async () => {
      if (this.runtime !== undefined) return this.status();
      await this.options.storage.unseal(passphrase);
      return this.openRuntime();
    });
  }

  seal(): Promise<SealStatusView> {
    return this.serial(async () => {
      await this.closeRuntime();
      this.options.storage.seal();
      const status = this.status();
      this.options.events.publish('seal.changed', status);
      return status;
    });
  }

  isUnsealed(): boolean {
    return this.runtime !== undefined;
  }

  /** The unsealed runtime; throws `sealed` or `not_initialized` when there is none. */
  core(): CoreRuntime {
    if (this.runtime !== undefined) return this.runtime;
    if (!this.options.storage.status().initialized) {
      throw new StorageError('not_initialized', 'Strongroom has no passphrase yet: initialise it (choose a passphrase) first.');
    }
    throw sealedError();
  }

  /** Stops plugins and timers (the caller closes the storage). */
  close(): Promise<void> {
    return this.serial(() => this.closeRuntime());
  }

  private openRuntime(): SealStatusView {
    const { storage, dataDir, events, auditLog } = this.options;
    try {
      this.runtime = new CoreRuntime({ storage, dataDir, events, auditLog, sealStatus: () => this.status(), rotateKey: () => this.rotate() });
    } catch (error) {
      storage.seal(); // a runtime that cannot load leaves no key in memory
      throw error;
    }
    const status = this.status();
    events.publish('seal.changed', status);
    return status;
  }

  private async closeRuntime(): Promise<void> {
    const runtime = this.runtime;
    this.runtime = undefined;
    await runtime?.close();
  }

  private serial<T>(run: () => Promise<T>): Promise<T> {
    return this.queue.run(run);
  }
}
