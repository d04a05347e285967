/**
 * One `sys/` request as each host answers it, in one shape: OpenBao over its HTTP API, Strongroom
 * through the contract's `requests.handle` (query parameters of the path go into `data`, as the
 * HTTP layer puts them; an error's status is its `detail.httpStatus`).
 */
import type { RequestResult } from '../../../../electron/common/contract/requests';
import type { AppServices } from '../../../../electron/core/app-services';
import type { OpenBaoServer } from '../../../support/openbao';

export type Method = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'LIST';

export interface Answer {
  status: number;
  data: Record<string, unknown> | null;
  warnings: string[];
  lease: { id: string; ttl: number; renewable: boolean } | null;
  errors: string[];
}

export type Asker = (method: Method, apiPath: string, body?: Record<string, unknown>) => Promise<Answer>;

const OPERATION: Record<Method, 'read' | 'write' | 'delete' | 'list'> = { GET: 'read', PUT: 'write', POST: 'write', DELETE: 'delete', LIST: 'list' };

export function openBaoAsker(bao: () => OpenBaoServer): Asker {
  return async (method, apiPath, body) => {
    const reply = await bao().request(method, apiPath, body);
    const json = reply.body ?? {};
    const leaseId = typeof json['lease_id'] === 'string' ? json['lease_id'] : '';
    return {
      status: reply.status,
      data: (json['data'] as Record<string, unknown> | null | undefined) ?? null,
      warnings: (json['warnings'] as string[] | null | undefined) ?? [],
      lease: leaseId === '' ? null : { id: leaseId, ttl: Number(json['lease_duration']), renewable: json['renewable'] === true },
      errors: (json['errors'] as string[] | undefined) ?? [],
    };
  };
}

export function strongroomAsker(services: () => AppServices): Asker {
  return async (method, apiPath, body) => {
    const [pathPart, query] = apiPath.split('?') as [string, string | undefined];
    const data = { ...Object.fromEntries(new URLSearchParams(query ?? '')), ...body };
    const reply = await services().dispatch('requests.handle', { path: pathPart, operation: OPERATION[method], data });
    if (!reply.ok) {
      const status = Number(reply.error.detail?.['httpStatus'] ?? 500);
      return { status, data: null, warnings: [], lease: null, errors: [reply.error.message] };
    }
    const result = reply.result as RequestResult;
    const secret = result.secret;
    return {
      status: result.status,
      data: result.data,
      warnings: result.warnings,
      lease: secret?.leaseId ? { id: secret.leaseId, ttl: secret.ttlSeconds, renewable: secret.renewable } : null,
      errors: [],
    };
  };
}
