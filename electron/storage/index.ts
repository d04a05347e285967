/**
 * The storage layer's public surface. The rest of the main process imports storage from here only:
 * the encrypted store and its seal, the audit log's connection, the named errors, and which
 * AES-GCM implementation is loaded.
 */
export { Storage } from './storage';
export type { StorageOptions } from './storage';
export type { KdfParams, SealStatus } from './seal';
export { DEFAULT_KDF, MIN_PASSPHRASE_LENGTH } from './seal';
export type { MountStorageView } from './mount-view';
export { prefixUpperBound, DATABASE_FILE } from './database';
export type { AuditConnection, AuditStatement } from './database';
export { aesGcmImplementation } from './aes-gcm';
export { StorageError, sealedError } from './errors';
export type { StorageErrorCode } from './errors';
