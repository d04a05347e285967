/**
 * Strongroom plugin SDK: write a Vault-compatible secrets engine or auth method in TypeScript.
 *
 *   const backend = defineBackend({ help, paths: [{ pattern: 'hello/{name}', fields, operations }] });
 *   await serve(backend);
 *
 * Everything a plugin needs is exported from here; the other files are internals.
 */
export { defineBackend } from './backend';
export type { Backend, MountEnvironment } from './backend';
export { serve } from './serve';
export type { ServeOptions, ServingPlugin } from './serve';
export { FieldData, FieldValidationError } from './field-data';
export {
  errorResponse,
  listResponse,
  PluginError,
  userError,
  internalError,
  codedError,
  badRequest,
  permissionDenied,
  unsupportedPath,
  unsupportedOperation,
} from './responses';
export type { ErrorKind } from './responses';
export { renewedSecret, secretResponse } from './secrets';
export { renewedAuth, TOKEN_TYPES } from './auth';
export type { AuthAlias, AuthRenewHandler, IssuedAuth, ResponseAuth, TokenType } from './auth';
export { memoryStorage } from './storage';
export type { Storage, StorageEntry } from './storage';
export { staticSystemView } from './system-view';
export type { SystemView, PluginEnvironment } from './system-view';
export { createLogger } from './hclog';
export type { Logger, LogLevel } from './hclog';
export { testMount } from './testing';
export type { TestMount } from './testing';
export type {
  BackendDefinition,
  DisplayAttributes,
  FieldSchema,
  FieldType,
  Fields,
  Handler,
  HandlerContext,
  LeasedSecret,
  Operation,
  OperationDefinition,
  PathDefinition,
  PluginRequest,
  PluginResponse,
  ResponseSchema,
  ResponseSecret,
  SecretDefinition,
  SecretHandler,
  SpecialPaths,
} from './types';
