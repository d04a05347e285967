/**
 * Leased secrets, as Vault's framework does them: a path answers `secretResponse(definition, …)`;
 * the host registers a lease and later sends `renew` and `revoke` requests carrying the secret
 * back; the backend finds the definition by the `secret_type` recorded in its internal data.
 */
import { FieldData, FieldValidationError } from './field-data';
import { errorResponse, unsupportedOperation } from './responses';
import type { HandlerContext, LeasedSecret, PluginRequest, PluginResponse, SecretDefinition } from './types';

const SECRET_TYPE = 'secret_type';

/** A response carrying `data` and a leased secret of `definition`'s type (Vault's `Secret.Response`). */
export function secretResponse(
  definition: SecretDefinition,
  data: Record<string, unknown>,
  internalData: Record<string, unknown> = {},
): PluginResponse {
  return {
    data,
    secret: {
      ttlSeconds: definition.defaultTtlSeconds ?? 0,
      renewable: definition.renew !== undefined,
      internalData: { ...internalData, [SECRET_TYPE]: definition.type },
    },
  };
}

/**
 * A renew handler's answer: the same secret for `ttlSeconds` more (default: the increment the
 * caller asked for, else the secret's current TTL). The host caps it at the mount's maximum.
 */
export function renewedSecret(req: { secret: LeasedSecret }, ttlSeconds?: number, maxTtlSeconds?: number): PluginResponse {
  const { secret } = req;
  return {
    secret: {
      ttlSeconds: ttlSeconds ?? (secret.incrementSeconds > 0 ? secret.incrementSeconds : secret.ttlSeconds),
      ...(maxTtlSeconds === undefined ? {} : { maxTtlSeconds }),
      renewable: secret.renewable,
      internalData: secret.internalData,
    },
  };
}

/** Runs a renew or revoke request; errors and their wording follow Vault's framework. */
export async function handleLeaseOperation(
  secrets: readonly SecretDefinition[],
  req: PluginRequest,
  env: Omit<HandlerContext, 'data'>,
): Promise<PluginResponse | undefined> {
  const secret = req.secret;
  if (secret === undefined) throw new Error('request has no secret');
  const type = secret.internalData[SECRET_TYPE];
  const definition = typeof type === 'string' ? secrets.find((candidate) => candidate.type === type) : undefined;
  if (definition === undefined) throw new Error('secret is unsupported by this backend');
  const handler = req.operation === 'renew' ? definition.renew : definition.revoke;
  if (handler === undefined) throw unsupportedOperation();
  let data: FieldData;
  try {
    data = FieldData.validate(definition.fields ?? {}, req.data, false);
  } catch (error) {
    if (error instanceof FieldValidationError) return errorResponse(error.message);
    throw error;
  }
  return handler({ ...req, secret }, { ...env, data });
}
