/**
 * The SDK's declaration model without a server: path patterns, typed fields, and help + OpenAPI
 * generated from the declarations. A host that answers paths of its own (Strongroom's `sys/`)
 * declares them with this, so they read and render like any plugin's. Nothing here starts gRPC.
 */
export { FieldData, FieldValidationError } from './field-data';
export { helpData, pathHelpText, rootHelpText } from './help';
export { compilePattern, matchPattern } from './path-pattern';
export type { CompiledPath } from './backend';
export type { FieldSchema, Fields, Operation, OperationDefinition, PathDefinition } from './types';
