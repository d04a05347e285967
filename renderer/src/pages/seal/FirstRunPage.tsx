/** First run: choose the passphrase that wraps the root key (typed twice, at least 12 characters). */
import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ErrorNotice } from '../../components/ErrorNotice';
import { contractKey, useContractMutation } from '../../client/use-contract';
import { MIN_PASSPHRASE_LENGTH, newPassphraseProblem } from './new-passphrase';
import { PassphraseField } from './PassphraseField';

export function FirstRunPage() {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const init = useContractMutation('seal.init');
  const queryClient = useQueryClient();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = newPassphraseProblem(passphrase, confirm);
    setProblem(problem);
    if (problem !== undefined) return;
    init.mutate({ passphrase }, { onSuccess: (status) => queryClient.setQueryData(contractKey('seal.status', {}), status) });
  };

  return (
    <section className="gate" aria-labelledby="first-run-title">
      <form className="card gate-card" onSubmit={submit} noValidate>
        <h1 id="first-run-title">Set up Strongroom</h1>
        <p className="lead">
          Choose a passphrase. It encrypts everything Strongroom stores; without it the data cannot be read, and it cannot be recovered.
        </p>
        <PassphraseField id="init-passphrase" label="Passphrase" value={passphrase} onChange={setPassphrase} autoFocus describedBy="init-hint" />
        <p id="init-hint" className="field-help">
          At least {MIN_PASSPHRASE_LENGTH} characters; a few unrelated words work well.
        </p>
        <PassphraseField id="init-confirm" label="Confirm passphrase" value={confirm} onChange={setConfirm} />
        {problem !== undefined && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
        <ErrorNotice error={init.error} title="Could not initialise" />
        <button type="submit" className="button-primary" disabled={init.isPending}>
          {init.isPending ? 'Initialising…' : 'Initialise and unseal'}
        </button>
      </form>
    </section>
  );
}
