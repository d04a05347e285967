/**
 * gRPC's message framing on HTTP/2 DATA frames: a 5-byte prefix (compressed flag, big-endian
 * length) before each message. Neither side here compresses (Go plugins don't unless asked).
 */
import { status } from '@grpc/grpc-js';
import type { CallStatus } from './call-errors';

export function frame(message: Uint8Array): Buffer {
  const framed = Buffer.allocUnsafe(message.byteLength + 5);
  framed[0] = 0;
  framed.writeUInt32BE(message.byteLength, 1);
  framed.set(message, 5);
  return framed;
}

/** The single message of a unary call or reply, or the status that explains why there is none. */
export function unframe(chunks: Buffer[]): Buffer | CallStatus {
  const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  if (bytes.length < 5) return { code: status.INTERNAL, details: 'the call carried no message' };
  if (bytes[0] !== 0) return { code: status.UNIMPLEMENTED, details: 'compressed messages are not supported' };
  const length = bytes.readUInt32BE(1);
  if (bytes.length < length + 5) return { code: status.INTERNAL, details: 'the message was truncated' };
  return bytes.subarray(5, 5 + length);
}
