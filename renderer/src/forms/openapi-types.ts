/**
 * The slice of OpenAPI 3 that Vault's framework (and our TS SDK) emits in a mount's root help
 * (`help` on path "" → `data.openapi`), typed loosely: the renderer reads it, never trusts it.
 */
export interface OpenApiDocument {
  openapi?: string;
  info?: { title?: string; version?: string; description?: string };
  paths?: Record<string, OpenApiPathItem>;
  components?: { schemas?: Record<string, OpenApiSchema> };
}

export interface VaultDisplayAttrs {
  name?: string;
  value?: unknown;
  sensitive?: boolean;
  group?: string;
  navigation?: boolean;
  itemType?: string;
  editType?: string;
  description?: string;
}

export interface OpenApiSchema {
  $ref?: string;
  type?: string;
  format?: string;
  pattern?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  deprecated?: boolean;
  items?: OpenApiSchema;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  'x-vault-displayAttrs'?: VaultDisplayAttrs;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  description?: string;
  required?: boolean;
  deprecated?: boolean;
  schema?: OpenApiSchema;
  'x-vault-displayAttrs'?: VaultDisplayAttrs;
}

export interface OpenApiOperation {
  summary?: string;
  description?: string;
  operationId?: string;
  deprecated?: boolean;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: OpenApiSchema }> };
  responses?: Record<string, unknown>;
}

export const HTTP_METHODS = ['get', 'post', 'patch', 'delete'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type OpenApiPathItem = {
  description?: string;
  parameters?: OpenApiParameter[];
  'x-vault-createSupported'?: boolean;
  'x-vault-unauthenticated'?: boolean;
  'x-vault-sudo'?: boolean;
  'x-vault-displayAttrs'?: VaultDisplayAttrs;
} & Partial<Record<HttpMethod, OpenApiOperation>>;
