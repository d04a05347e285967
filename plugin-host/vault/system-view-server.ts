/**
 * Vault's `pb.SystemView`, served by the host to one backend instance. Strongroom is a single local
 * node: nothing is tainted, replicated, mlocked or cached away; the mount is local. The lease TTLs
 * are the mount's (nanoseconds on the wire). Replies are constant, so they are encoded once. RPCs
 * that need features we don't have (response wrapping, password policies, identity tokens,
 * rotation) answer UNIMPLEMENTED at once — never hang.
 */
import {
  CachingDisabledReply,
  ClusterInfoReply,
  EntityInfoReply,
  GroupsForEntityReply,
  LocalMountReply,
  MlockEnabledReply,
  PluginEnvReply,
  ReplicationStateReply,
  TTLReply,
  TaintedReply,
} from '../gen/pb/backend';
import { constantHandler, unimplementedHandler, type UnaryHandlers } from '../grpc/unary-server';
import { pluginEnvReply, ttlReply } from './translation';

export interface SystemViewSettings {
  defaultLeaseTtlSeconds: number;
  maxLeaseTtlSeconds: number;
  vaultVersion: string;
}

const unsupported = (what: string) => unimplementedHandler(`Strongroom does not provide ${what} to plugins`);

export function systemViewHandlers(settings: SystemViewSettings): UnaryHandlers {
  return {
    '/pb.SystemView/DefaultLeaseTTL': constantHandler(TTLReply, ttlReply(settings.defaultLeaseTtlSeconds)),
    '/pb.SystemView/MaxLeaseTTL': constantHandler(TTLReply, ttlReply(settings.maxLeaseTtlSeconds)),
    '/pb.SystemView/Tainted': constantHandler(TaintedReply, { tainted: false }),
    '/pb.SystemView/CachingDisabled': constantHandler(CachingDisabledReply, { disabled: false }),
    '/pb.SystemView/ReplicationState': constantHandler(ReplicationStateReply, { state: 0 }),
    '/pb.SystemView/MlockEnabled': constantHandler(MlockEnabledReply, { enabled: false }),
    '/pb.SystemView/LocalMount': constantHandler(LocalMountReply, { local: true }),
    '/pb.SystemView/PluginEnv': constantHandler(PluginEnvReply, pluginEnvReply(settings.vaultVersion)),
    '/pb.SystemView/ClusterInfo': constantHandler(ClusterInfoReply, { cluster_name: 'strongroom', cluster_id: '', err: '' }),
    '/pb.SystemView/EntityInfo': constantHandler(EntityInfoReply, { entity: undefined, err: '' }),
    '/pb.SystemView/GroupsForEntity': constantHandler(GroupsForEntityReply, { groups: [], err: '' }),
    '/pb.SystemView/ResponseWrapData': unsupported('response wrapping'),
    '/pb.SystemView/GeneratePasswordFromPolicy': unsupported('password policies'),
    '/pb.SystemView/GenerateIdentityToken': unsupported('identity tokens'),
    '/pb.SystemView/GetRotationInformation': unsupported('credential rotation'),
    '/pb.SystemView/RegisterRotationJob': unsupported('credential rotation'),
    '/pb.SystemView/RegisterRotationJobWithResponse': unsupported('credential rotation'),
    '/pb.SystemView/DeregisterRotationJob': unsupported('credential rotation'),
  };
}
