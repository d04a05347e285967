/**
 * Vault's `pb.Events` and `pb.Observations`, served to one backend instance. The kv plugin sends
 * an event on every write and an observation on every read and write; answering Empty keeps it
 * quiet (a host without these services makes it log "unknown service"), and surfacing them lets the
 * UI show what the plugin reported. Requests are decoded only when someone listens, so the
 * per-request path does not pay for a Struct nobody reads.
 */
import { RecordObservationRequest, SendEventRequest } from '../gen/pb/backend';
import type { UnaryHandlers } from '../grpc/unary-server';

export interface PluginReport {
  kind: 'event' | 'observation';
  /** e.g. `kv-v2/data-write`. */
  type: string;
  data: Record<string, unknown> | null;
}

export interface PluginReportSink {
  /** Whether anyone listens; when false nothing is decoded. */
  wanted(): boolean;
  report(report: PluginReport): void;
}

const EMPTY_REPLY = new Uint8Array(0);

export function eventHandlers(sink: PluginReportSink): UnaryHandlers {
  return {
    '/pb.Events/SendEvent': (bytes) => {
      if (sink.wanted()) {
        const request = SendEventRequest.decode(bytes);
        const event = request.event;
        sink.report({
          kind: 'event',
          type: request.event_type,
          data: { id: event?.id ?? '', note: event?.note ?? '', metadata: event?.metadata ?? null },
        });
      }
      return EMPTY_REPLY;
    },
    '/pb.Observations/RecordObservation': (bytes) => {
      if (sink.wanted()) {
        const request = RecordObservationRequest.decode(bytes);
        sink.report({ kind: 'observation', type: request.observation_type, data: request.data ?? null });
      }
      return EMPTY_REPLY;
    },
  };
}
