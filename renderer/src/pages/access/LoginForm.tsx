/**
 * An auth method's login form, generated from the plugin's own OpenAPI like every other plugin
 * form (`requests.help` on the mount, its `login` path). A login needs no token; the token it
 * issues is shown once, held only in a secret mutation.
 */
import { useMemo } from 'react';
import { useContractMutation, useContractQuery } from '../../client/use-contract';
import { CopyButton } from '../../components/CopyButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { OperationForm } from '../../forms/OperationForm';
import { pathModelsFrom } from '../../forms/openapi-form-model';
import type { OpenApiDocument } from '../../forms/openapi-types';

export function LoginForm({ mountPath, onClose }: { mountPath: string; onClose: () => void }) {
  const mount = `auth/${mountPath}`;
  const help = useContractQuery('requests.help', { path: mount });
  const login = useContractMutation('requests.handle', ['tokens.list', 'audit.list'], { secret: true });
  const models = useMemo(() => pathModelsFrom((help.data?.openapi ?? undefined) as OpenApiDocument | undefined), [help.data]);
  const operation = models.find((model) => model.template === 'login')?.operations.find((op) => op.operation === 'write');
  const issued = login.data?.auth ?? null;
  return (
    <section className="card stack" aria-label={`Log in with ${mount}`} data-testid="login-form">
      <h3>Log in with {mount}</h3>
      <ErrorNotice error={help.error} title="The plugin did not describe its paths" />
      {help.isSuccess && operation === undefined && <p className="notice">This auth method declares no <code>login</code> path to write to.</p>}
      {issued !== null ? (
        <div className="notice" data-testid="login-token">
          <p>
            Logged in as <strong>{issued.metadata?.['role'] ?? mount}</strong>: token with policies {issued.policies.join(', ')}, valid {issued.lease_duration}s. This is
            shown once.
          </p>
          <p>
            <code data-testid="login-token-id">{issued.client_token}</code> <CopyButton label="Copy token" text={issued.client_token} />
          </p>
          <button type="button" className="button-small" onClick={() => login.reset()}>
            Done, hide it
          </button>
        </div>
      ) : (
        operation !== undefined && (
          <OperationForm operation={operation} presetPathParams={{}} submitLabel="Log in" busy={login.isPending} onSubmit={(parsed) => login.mutate({ path: `${mount}login`, operation: 'write', data: parsed.data })}>
            <button type="button" onClick={onClose}>
              Close
            </button>
          </OperationForm>
        )
      )}
      <ErrorNotice error={login.error} title="Could not log in" />
    </section>
  );
}
