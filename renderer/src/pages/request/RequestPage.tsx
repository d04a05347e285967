/**
 * The request panel for one concrete path: the operations its plugin declares, a form generated
 * from the OpenAPI for the chosen one, "Copy as" for what was sent (`CopyAsMenu.tsx`), the response
 * (or the error with its code), and the history.
 * For a plugin under development (`FollowBar.tsx`): its reloads and failed rebuilds, "re-send on
 * reload" with the answers before and after side by side, and the switch for storage diffs.
 */
import { ErrorNotice } from '../../components/ErrorNotice';
import { OperationForm } from '../../forms/OperationForm';
import { fillTemplate, matchPath, type FormOperation } from '../../forms/openapi-form-model';
import { routeHref } from '../../routing/routes';
import { navigate } from '../../routing/use-route';
import { Breadcrumbs } from '../browse/Breadcrumbs';
import { useMountSchema } from '../browse/use-mount-schema';
import { RepinOffer } from '../plugins/repin/RepinOffer';
import { CopyAsMenu } from './CopyAsMenu';
import { FollowBar } from './FollowBar';
import { HistoryPanel } from './HistoryPanel';
import { ReloadComparison } from './ReloadComparison';
import { ReloadNotice } from './ReloadNotice';
import { ResponseViewer } from './ResponseViewer';
import { outcomeOf, useResendOnReloadFor } from './use-resend-on-reload';
import { useSendRequest } from './use-send-request';

/** Built-in backends are not plugins: nothing reloads, and their records are not a mount's storage. */
const BUILT_IN = new Set(['sys/', 'auth/token/']);

const VERB: Record<FormOperation, string> = { read: 'Read', list: 'List', write: 'Write', patch: 'Patch', delete: 'Delete' };

export function RequestPage({ path, operation }: { path: string; operation: string | undefined }) {
  const { mounts, mount, help, models, relative } = useMountSchema(path);
  const request = useSendRequest();
  const follow = useResendOnReloadFor(mount?.path ?? '', request);
  const current = outcomeOf(request);
  if (mounts.isError) return <ErrorNotice error={mounts.error} />;
  if (mounts.isPending || help.isPending) return <p className="muted">Loading…</p>;
  if (mount === undefined) return <p className="notice">No mount serves <code>{path}</code>. <a href="#/mounts">Mounts</a></p>;

  const match = matchPath(models, relative)[0];
  const op = match?.model.operations.find((o) => o.operation === operation) ?? match?.model.operations[0];
  // A template picked in the tree (`hello/{name}`) leaves its parameters for the user to fill.
  const preset = Object.fromEntries(Object.entries(match?.params ?? {}).filter(([, v]) => !/^\{.*\}$/.test(v)));

  return (
    <section className="page page-wide" aria-labelledby="request-title">
      <Breadcrumbs mountPath={mount.path} relative={relative} />
      <h1 id="request-title" className="path-heading">
        <code>{path}</code>
      </h1>
      <ErrorNotice error={help.error} title="The plugin did not describe its paths" />
      {match === undefined || op === undefined ? (
        <p className="empty">The plugin declares no operation for this path.</p>
      ) : (
        <div className="request-layout">
          <div className="request-main">
            <ReloadNotice reloaded={follow.reloaded} failed={follow.failed} />
            <section className="card" aria-label="Request">
              {match.model.description !== '' && <p className="muted">{match.model.description}</p>}
              <nav className="op-tabs" aria-label="Operations">
                {match.model.operations.map((o) => (
                  <a
                    key={o.operation}
                    aria-current={o.operation === op.operation ? 'page' : undefined}
                    className={`op-tab op-${o.operation}`}
                    href={routeHref({ page: 'request', path, operation: o.operation })}
                    title={o.summary}
                  >
                    {VERB[o.operation]}
                  </a>
                ))}
              </nav>
              {op.summary !== '' && <p className="op-summary">{op.summary}</p>}
              <OperationForm
                key={`${match.model.template}:${op.operation}:${path}`}
                operation={op}
                presetPathParams={preset}
                submitLabel={VERB[op.operation]}
                busy={request.pending}
                onSubmit={(parsed) => {
                  follow.clear();
                  const target = mount.path + fillTemplate(match.model.template, { ...match.params, ...parsed.pathParams });
                  const withData = op.operation === 'write' || op.operation === 'patch';
                  request.send(target, op.operation, withData ? parsed.data : undefined);
                  if (target !== path) navigate({ page: 'request', path: target, operation: op.operation });
                }}
              />
              {request.last !== undefined && <CopyAsMenu request={request.last} />}
              {!BUILT_IN.has(mount.path) && <FollowBar mountPath={mount.path} />}
            </section>
            {follow.previous !== null && current !== undefined && <ReloadComparison previous={follow.previous} current={current} />}
            <ErrorNotice error={request.error} title="Request failed" />
            {request.error !== null && follow.entry !== undefined && <RepinOffer key={request.error.message} error={request.error} entry={follow.entry} />}
            {request.result !== undefined && !request.pending && <ResponseViewer result={request.result} />}
          </div>
          <HistoryPanel
            onReplay={(entry) => {
              follow.clear();
              request.send(entry.path, entry.operation, entry.data);
              navigate({ page: 'request', path: entry.path, operation: entry.operation });
            }}
          />
        </div>
      )}
    </section>
  );
}
