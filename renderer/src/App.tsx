import { OverviewPage } from './shell/OverviewPage';
import { Shell } from './shell/Shell';
import { SealGate } from './pages/seal/SealGate';
import { useSealStatus } from './pages/seal/use-seal-status';
import { PluginsPage } from './pages/plugins/PluginsPage';
import { MountsPage } from './pages/mounts/MountsPage';
import { BrowsePage } from './pages/browse/BrowsePage';
import { RequestPage } from './pages/request/RequestPage';
import { LeasesPage } from './pages/leases/LeasesPage';
import { StoragePage } from './pages/storage/StoragePage';
import { AuditPage } from './pages/audit/AuditPage';
import { AccessPage } from './pages/access/AccessPage';
import { PluginLogCollector } from './pages/plugins/plugin-log-store';
import { useRoute } from './routing/use-route';
import type { Route } from './routing/routes';

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'plugins':
      return <PluginsPage />;
    case 'mounts':
      return <MountsPage />;
    case 'browse':
      return <BrowsePage key={route.path.split('/')[0]} path={route.path} />;
    case 'request':
      return <RequestPage path={route.path} operation={route.operation} />;
    case 'storage':
      return <StoragePage key={`${route.mount}\n${route.prefix}`} mount={route.mount} prefix={route.prefix} />;
    case 'leases':
      return <LeasesPage />;
    case 'access':
      return <AccessPage />;
    case 'audit':
      return <AuditPage />;
    default:
      return <OverviewPage />;
  }
}

export function App() {
  const route = useRoute();
  const seal = useSealStatus();
  const unsealed = seal.data?.initialized === true && !seal.data.sealed;
  return (
    <Shell current={route.page} unsealed={unsealed}>
      <SealGate>
        <PluginLogCollector />
        <Page route={route} />
      </SealGate>
    </Shell>
  );
}
