import { z } from 'zod';
import type { RawBody } from './requests';

/**
 * The storage inspector (issue 15): a mount's raw storage as its plugin sees it (keys relative to
 * the mount, served through the mount's storage view), values decrypted only when asked for, and,
 * for a mount whose capture is on, what each request put or deleted with the values before and
 * after. Every call is audited as Vault's `sys/raw` request over the same keys
 * (`sys/raw/logical/<mount uuid>/<key>`). Plugin mounts only: `sys/` and `auth/token/` keep their
 * records under `core/`, which the inspector does not show.
 */
const mount = z.string().min(1).max(1024);
const storageKey = z.string().max(4096);

export const storageInspectorMethods = {
  /**
   * The names directly under `prefix` (sub-folders end with `/`, Vault's list), in key order, a
   * page at a time: `after` is the previous page's `nextCursor`. Each value's size is its
   * plaintext's (the value itself is not sent).
   */
  'storage.list': z
    .object({
      mount,
      prefix: storageKey.default(''),
      after: storageKey.optional(),
      limit: z.number().int().min(1).max(500).default(100),
    })
    .strict(),
  /** One value, decrypted: text when it is UTF-8 without control characters, base64 otherwise. */
  'storage.read': z.object({ mount, key: storageKey.min(1) }).strict(),
  /**
   * Turns capture on or off for a mount: while on, each request's puts and deletes keep the value
   * before and after (in memory, for the last 32 captured requests; gone when Strongroom seals).
   * Off by default: a put then costs nothing extra; on, it costs one read of the old value.
   */
  'storage.capture': z.object({ mount, enabled: z.boolean() }).strict(),
  /** Whether capture is on for a mount. */
  'storage.captureState': z.object({ mount }).strict(),
  /** What a request put and deleted (sizes only); `captured: false` when its mount's capture was off. */
  'storage.diff': z.object({ requestId: z.string().min(1).max(64) }).strict(),
  /** The decrypted values before and after one key's change in a captured request. */
  'storage.diffValue': z.object({ requestId: z.string().min(1).max(64), key: storageKey }).strict(),
} as const;

export interface StorageListEntry {
  /** The whole key relative to the mount (`prefix` + `name`). */
  key: string;
  /** The part under the listed prefix; a sub-folder's ends with `/`. */
  name: string;
  folder: boolean;
  /** Plaintext bytes of the value; null for a folder. */
  bytes: number | null;
}

export interface StorageListPage {
  mount: string;
  prefix: string;
  entries: StorageListEntry[];
  /** Pass as `after` for the next page; null on the last one. */
  nextCursor: string | null;
}

export interface StorageValueView {
  mount: string;
  key: string;
  bytes: number;
  value: RawBody;
}

export interface StorageCaptureState {
  mount: string;
  enabled: boolean;
}

export interface StorageChangeView {
  key: string;
  /** The last call on the key in the request: `put` (created or changed) or `delete`. */
  op: 'put' | 'delete';
  /** Bytes before the request's first change of the key; null when it did not exist. */
  beforeBytes: number | null;
  /** Bytes after its last change; null when it was deleted. */
  afterBytes: number | null;
  /** Other requests were in flight on the mount meanwhile; the change may be one of theirs. */
  concurrent?: true;
}

export interface StorageDiffView {
  requestId: string;
  /** false: the mount's capture was off (or the request is older than the last 32 captured). */
  captured: boolean;
  mount: string | null;
  changes: StorageChangeView[];
}

export interface StorageDiffValue {
  requestId: string;
  key: string;
  /** null: the key did not exist before the request (or no longer exists after it). */
  before: RawBody | null;
  after: RawBody | null;
}

export interface StorageInspectorResults {
  'storage.list': StorageListPage;
  'storage.read': StorageValueView;
  'storage.capture': StorageCaptureState;
  'storage.captureState': StorageCaptureState;
  'storage.diff': StorageDiffView;
  'storage.diffValue': StorageDiffValue;
}

export type StorageInspectorMethodName = keyof typeof storageInspectorMethods;
