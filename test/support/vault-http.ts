/**
 * The smallest client of a Vault HTTP API (OpenBao or Strongroom) for set-up steps in tests and
 * benches: init, unseal, catalog, mounts. One request, its status and its JSON body.
 */

export interface VaultTarget {
  /** e.g. `http://127.0.0.1:8200` */
  url: string;
  token: string;
}

/** One request, answered as JSON (set-up steps: init, unseal, mounts). */
export async function vaultCall(
  target: { url: string; token?: string },
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  apiPath: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> | null; text: string }> {
  const response = await fetch(new URL(`/v1/${apiPath}`, target.url), {
    method,
    headers: {
      ...(target.token === undefined ? {} : { 'X-Vault-Token': target.token }),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = text === '' ? null : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    json = null;
  }
  return { status: response.status, json, text };
}
