import { ErrorNotice } from '../../components/ErrorNotice';
import { useContractQuery } from '../../client/use-contract';
import { AddPluginForm } from './AddPluginForm';
import { CatalogTable } from './CatalogTable';
import { EventsPane } from './EventsPane';
import { LogPane } from './LogPane';
import { ProcessTable } from './ProcessTable';
import { RegisterPluginForm } from './RegisterPluginForm';

export function PluginsPage() {
  const list = useContractQuery('plugins.list', {});
  return (
    <section className="page" aria-labelledby="plugins-title">
      <h1 id="plugins-title">Plugins</h1>
      <p className="lead">Each plugin runs in its own process. A crashed plugin is restarted on the next request.</p>
      <h2>Processes</h2>
      <ProcessTable />
      <h2>Catalog</h2>
      <ErrorNotice error={list.error} />
      {list.data !== undefined && <CatalogTable plugins={list.data.plugins} />}
      {list.data !== undefined && <AddPluginForm pluginDirectory={list.data.pluginDirectory} />}
      {list.data !== undefined && <RegisterPluginForm pluginDirectory={list.data.pluginDirectory} />}
      <h2>Log</h2>
      <LogPane />
      <h2>Events</h2>
      <EventsPane />
    </section>
  );
}
