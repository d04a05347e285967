/** The preload bridge's shape, shared by the preload (which implements it) and the renderer (which uses it). */
import type { ContractErrorShape } from './errors';

export type InvokeReply = { ok: true; result: unknown } | { ok: false; error: ContractErrorShape };
export type PushListener = (event: string, payload: unknown) => void;

export interface StrongroomBridge {
  invoke(method: string, args: unknown): Promise<InvokeReply>;
  on(listener: PushListener): () => void;
  /** Electron only: the native file picker for plugin binaries; null when cancelled. */
  pickPluginBinary?(): Promise<string | null>;
}
