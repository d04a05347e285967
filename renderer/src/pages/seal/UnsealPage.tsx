/** Sealed: the passphrase unwraps the root key; a wrong one says so and changes nothing. */
import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ErrorNotice } from '../../components/ErrorNotice';
import { contractKey, useContractMutation } from '../../client/use-contract';
import { PassphraseField } from './PassphraseField';

export function UnsealPage() {
  const [passphrase, setPassphrase] = useState('');
  const unseal = useContractMutation('seal.unseal', [], { secret: true });
  const queryClient = useQueryClient();
  const wrong = unseal.error?.code === 'wrong_passphrase';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    unseal.mutate(
      { passphrase },
      {
        onSuccess: (status) => queryClient.setQueryData(contractKey('seal.status', {}), status),
        onError: () => setPassphrase(''),
      },
    );
  };

  return (
    <section className="gate" aria-labelledby="unseal-title">
      <form className="card gate-card" onSubmit={submit}>
        <h1 id="unseal-title">
          Strongroom is sealed
        </h1>
        <p className="lead">Enter the passphrase to unlock the data and start serving requests.</p>
        <PassphraseField id="unseal-passphrase" label="Passphrase" value={passphrase} onChange={setPassphrase} autoFocus />
        {wrong ? (
          <p className="field-error" role="alert" data-testid="wrong-passphrase">
            Wrong passphrase. Nothing was unlocked; try again.
          </p>
        ) : (
          <ErrorNotice error={unseal.error} title="Could not unseal" />
        )}
        <button type="submit" className="button-primary" disabled={unseal.isPending || passphrase === ''}>
          {unseal.isPending ? 'Unsealing…' : 'Unseal'}
        </button>
      </form>
    </section>
  );
}
