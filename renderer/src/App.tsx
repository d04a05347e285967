import { Shell } from './shell/Shell';
import { OverviewPage } from './shell/OverviewPage';

export function App() {
  return (
    <Shell>
      <OverviewPage />
    </Shell>
  );
}
