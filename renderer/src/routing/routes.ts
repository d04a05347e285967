/**
 * Hash routes: `#/mounts`, `#/browse/secret/app/db`, `#/request/secret/data/app/db?op=read`,
 * `#/storage?mount=secret/&prefix=team/` (a mount's raw storage).
 * Hash routing keeps the token-prefixed headless URL and Electron's file URL both untouched.
 */
export type Route =
  | { page: 'overview' }
  | { page: 'plugins' }
  | { page: 'mounts' }
  | { page: 'browse'; path: string }
  | { page: 'request'; path: string; operation: string | undefined }
  | { page: 'storage'; mount: string; prefix: string }
  | { page: 'leases' }
  | { page: 'access' }
  | { page: 'audit' };

export type PageName = Route['page'];

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [pathPart = '', query = ''] = raw.split('?', 2);
  const [head = '', ...rest] = pathPart.split('/');
  const tail = rest.map(decodeURIComponent).join('/');
  switch (head) {
    case 'plugins':
    case 'mounts':
    case 'leases':
    case 'access':
    case 'audit':
      return { page: head };
    case 'browse':
      return { page: 'browse', path: tail };
    case 'request':
      return { page: 'request', path: tail, operation: new URLSearchParams(query).get('op') ?? undefined };
    case 'storage': {
      // Query parameters: a mount path has slashes of its own (`team/kv/`), and so has a prefix.
      const params = new URLSearchParams(query);
      return { page: 'storage', mount: params.get('mount') ?? '', prefix: params.get('prefix') ?? '' };
    }
    default:
      return { page: 'overview' };
  }
}

export function routeHref(route: Route): string {
  const encodePath = (p: string) => p.split('/').map(encodeURIComponent).join('/');
  switch (route.page) {
    case 'browse':
      return route.path === '' ? '#/browse' : `#/browse/${encodePath(route.path)}`;
    case 'request':
      return `#/request/${encodePath(route.path)}${route.operation === undefined ? '' : `?op=${route.operation}`}`;
    case 'storage':
      return `#/storage?${new URLSearchParams({ mount: route.mount, prefix: route.prefix }).toString()}`;
    default:
      return `#/${route.page}`;
  }
}
