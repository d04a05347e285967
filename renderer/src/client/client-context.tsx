import { createContext, useContext, type ReactNode } from 'react';
import type { ContractClient } from './contract-client';

const ClientContext = createContext<ContractClient | undefined>(undefined);

export function ClientProvider({ client, children }: { client: ContractClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): ContractClient {
  const client = useContext(ClientContext);
  if (client === undefined) throw new Error('useClient() needs a <ClientProvider> above it');
  return client;
}
