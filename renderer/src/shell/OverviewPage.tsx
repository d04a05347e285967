import { useContractQuery } from '../client/use-contract';
import { processLabel } from '../pages/plugins/ProcessState';
import { EncryptionPanel } from '../pages/seal/EncryptionPanel';
import { VaultApiPanel } from './VaultApiPanel';

/** Where things stand: the Vault API's address, the app, and a three-step path from an empty catalog to a first secret. */
export function OverviewPage() {
  const info = useContractQuery('app.info', {});
  const plugins = useContractQuery('plugins.list', {});
  const mounts = useContractQuery('mounts.list', {});
  const status = useContractQuery('plugins.status', {});
  const running = status.data?.processes.filter((p) => processLabel(p).label === 'running').length ?? 0;
  const crashed = status.data?.processes.filter((p) => processLabel(p).label === 'crashed').length ?? 0;
  const userMounts = mounts.data?.mounts.filter((m) => !m.builtin) ?? [];
  return (
    <section aria-labelledby="overview-title" className="page">
      <h1 id="overview-title">Overview</h1>
      <p className="lead">A personal secrets store whose engines are Vault plugins, each running in its own process.</p>
      <div className="stat-cards">
        <a className="card stat" href="#/plugins">
          <span className="stat-value">{plugins.data?.plugins.length ?? '…'}</span> {plugins.data?.plugins.length === 1 ? 'plugin' : 'plugins'} in the catalog
        </a>
        <a className="card stat" href="#/mounts">
          <span className="stat-value">{mounts.data === undefined ? '…' : userMounts.length}</span> {userMounts.length === 1 ? 'mount' : 'mounts'}
        </a>
        <a className="card stat" href="#/plugins">
          <span className="stat-value">{running}</span> {running === 1 ? 'process' : 'processes'} running{crashed > 0 && <span className="error-text"> · {crashed} crashed</span>}
        </a>
      </div>
      <VaultApiPanel />
      <ol className="steps">
        <li className={plugins.data?.plugins.length ? 'done' : undefined}>
          <a href="#/plugins">Register a plugin binary</a> from the plugin directory.
        </li>
        <li className={userMounts.length > 0 ? 'done' : undefined}>
          <a href="#/mounts">Enable it at a path</a>, e.g. <code>secret/</code>.
        </li>
        <li>
          <a href="#/browse">Browse its paths</a> and send requests from forms the plugin describes.
        </li>
      </ol>
      {info.isSuccess && (
        <dl className="facts">
          <dt>Version</dt>
          <dd>{info.data.version}</dd>
          <dt>Mode</dt>
          <dd>{info.data.mode}</dd>
          <dt>Platform</dt>
          <dd>{info.data.platform}</dd>
          <dt>Data directory</dt>
          <dd>
            <code>{info.data.dataDir}</code>
          </dd>
        </dl>
      )}
      <EncryptionPanel />
    </section>
  );
}
