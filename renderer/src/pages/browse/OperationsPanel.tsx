/**
 * What can be done at the picked path: for each path template it matches (and, for a key found
 * under a listing, the sibling templates that take the same key), the operations the plugin
 * declares, each a link to the request panel.
 */
import { fillTemplate, matchPath, relatedPaths, type FormOperation, type PathModel } from '../../forms/openapi-form-model';
import { routeHref } from '../../routing/routes';

const VERB: Record<FormOperation, string> = { read: 'Read', list: 'List', write: 'Write', patch: 'Patch', delete: 'Delete' };

export function OperationsPanel({ mountPath, relative, models }: { mountPath: string; relative: string; models: PathModel[] }) {
  // An empty parameter only makes sense for a listing (`metadata/` lists the root of `metadata/{path}/`).
  const matches = matchPath(models, relative).filter(
    (m) => Object.values(m.params).every((v) => v !== '') || m.model.operations.some((o) => o.operation === 'list'),
  );
  const first = matches[0];
  if (first === undefined) {
    return <p className="empty">The plugin declares no operation for <code>{mountPath + relative}</code>. Pick another path.</p>;
  }
  const related = relatedPaths(models, first);
  return (
    <div className="operations" data-testid="operations-panel">
      {related.map(({ model, params }) => {
        const concrete = fillTemplate(model.template, params);
        return (
          <section key={model.template} className="card operation-card" aria-label={`Operations on ${mountPath + concrete}`}>
            <header>
              <code className="path-title">{mountPath + concrete}</code>
              <span className="muted"> {model.template}</span>
            </header>
            {model.description !== '' && <p className="muted">{model.description}</p>}
            <div className="inline">
              {model.operations.map((op) => (
                <a key={op.operation} className={`button op-${op.operation}`} href={routeHref({ page: 'request', path: mountPath + concrete, operation: op.operation })} title={op.summary}>
                  {VERB[op.operation]}
                </a>
              ))}
            </div>
          </section>
        );
      })}
    </div>
  );
}
