/**
 * The `pb.Backend` service: one backend instance per mount, created by Setup. At protocol 5
 * instances are keyed by the `multiplex_id` metadata the host puts on every call (one process
 * can serve many mounts); at protocol 4 there is a single instance.
 */
import * as grpc from '@grpc/grpc-js';
import type * as pb from './gen/pb/backend';
import type { Backend, MountEnvironment } from './backend';
import type { PluginBroker } from './broker';
import type { Logger } from './hclog';
import type { HostChannel } from './host-channel';
import { remoteStorage, remoteSystemView } from './host-clients';
import type { AppVersion } from './protocol';
import { errorToPb, requestFromPb, responseToPb, setupConfigFromPb, specialPathsToPb } from './translation';

const SINGLE = 'single';
const MULTIPLEX_ID_KEY = 'multiplex_id';

interface Instance {
  readonly env: MountEnvironment;
  readonly hostClient: HostChannel;
}

type Unary<Req, Res> = (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => void;

function failure(code: grpc.status, details: string): Partial<grpc.StatusObject> {
  return { code, details };
}

export class BackendServer {
  private readonly instances = new Map<string, Instance>();

  constructor(
    private readonly backend: Backend,
    private readonly broker: PluginBroker,
    private readonly version: AppVersion,
    private readonly logger: Logger,
  ) {}

  get instanceCount(): number {
    return this.instances.size;
  }

  private key(metadata: grpc.Metadata): string {
    if (this.version !== 5) return SINGLE;
    const [id] = metadata.get(MULTIPLEX_ID_KEY);
    if (id === undefined) throw failure(grpc.status.INVALID_ARGUMENT, 'no multiplexing ID found');
    return String(id);
  }

  private instance(metadata: grpc.Metadata): Instance {
    const key = this.key(metadata);
    const found = this.instances.get(key) ?? this.instances.get(SINGLE);
    if (found === undefined) throw failure(grpc.status.FAILED_PRECONDITION, 'no backend instance found');
    return found;
  }

  /** Wraps a handler so thrown status objects become gRPC errors and anything else an UNKNOWN status. */
  private unary<Req, Res>(handle: (call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>): Unary<Req, Res> {
    return (call, callback) => {
      handle(call).then(
        (reply) => callback(null, reply),
        (error: unknown) => {
          if (error !== null && typeof error === 'object' && 'code' in error && !(error instanceof Error)) callback(error as grpc.ServiceError);
          else callback({ code: grpc.status.UNKNOWN, details: error instanceof Error ? error.message : String(error) });
        },
      );
    };
  }

  readonly implementation = {
    setup: this.unary<pb.SetupArgs, pb.SetupReply>(async (call) => {
      const key = this.key(call.metadata);
      try {
        const hostClient = await this.broker.dial(call.request.broker_id);
        const env: MountEnvironment = {
          storage: remoteStorage(hostClient),
          system: remoteSystemView(hostClient),
          config: setupConfigFromPb(call.request.Config),
          backendUuid: call.request.backendUUID,
          logger: this.logger,
        };
        this.instances.get(key)?.hostClient.close();
        this.instances.set(key, { env, hostClient });
        return { err: '' };
      } catch (error) {
        return { err: error instanceof Error ? error.message : String(error) };
      }
    }),

    initialize: this.unary<pb.InitializeArgs, pb.InitializeReply>(async (call) => {
      const { env } = this.instance(call.metadata);
      try {
        await this.backend.definition.initialize?.(env);
        return {};
      } catch (error) {
        return { err: errorToPb(error) };
      }
    }),

    type: this.unary<pb.Empty, pb.TypeReply>(async () => ({ type: this.backend.typeNumber })),

    specialPaths: this.unary<pb.Empty, pb.SpecialPathsReply>(async () => ({ paths: specialPathsToPb(this.backend.definition.specialPaths) })),

    handleRequest: this.unary<pb.HandleRequestArgs, pb.HandleRequestReply>(async (call) => {
      const { env } = this.instance(call.metadata);
      try {
        const response = await this.backend.handleRequest(requestFromPb(call.request.request), env);
        return { response: responseToPb(response) };
      } catch (error) {
        return { err: errorToPb(error) };
      }
    }),

    handleExistenceCheck: this.unary<pb.HandleExistenceCheckArgs, pb.HandleExistenceCheckReply>(async (call) => {
      const { env } = this.instance(call.metadata);
      try {
        const [checkFound, exists] = await this.backend.existenceCheck(requestFromPb(call.request.request), env);
        return { check_found: checkFound, exists };
      } catch (error) {
        return { check_found: false, exists: false, err: errorToPb(error) };
      }
    }),

    invalidateKey: this.unary<pb.InvalidateKeyArgs, pb.Empty>(async (call) => {
      const { env } = this.instance(call.metadata);
      await this.backend.definition.invalidate?.(call.request.key, env);
      return {};
    }),

    cleanup: this.unary<pb.Empty, pb.Empty>(async (call) => {
      const key = this.key(call.metadata);
      const instance = this.instances.get(key) ?? this.instances.get(SINGLE);
      if (instance === undefined) return {};
      try {
        await this.backend.definition.cleanup?.(instance.env);
      } finally {
        instance.hostClient.close();
        this.instances.delete(this.instances.has(key) ? key : SINGLE);
      }
      return {};
    }),
  };
}
