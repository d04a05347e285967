import { useContractQuery } from '../client/use-contract';

export function OverviewPage() {
  const info = useContractQuery('app.info', {});
  return (
    <section aria-labelledby="overview-title" className="page">
      <h1 id="overview-title">Overview</h1>
      <p className="lead">
        A personal secrets store whose engines are Vault plugins, each running in its own process.
      </p>
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
    </section>
  );
}
