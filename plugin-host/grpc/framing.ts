/**
 * gRPC's message framing on HTTP/2 DATA frames: a 5-byte prefix (compressed flag, big-endian
 * length) before each message. Neither side here compresses (Go plugins don't unless asked).
 */
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { status } from '@grpc/grpc-js';
import type { CallStatus } from './call-errors';

export function frame(message: Uint8Array): Buffer {
  const framed = Buffer.allocUnsafe(message.byteLength + 5);
  framed[0] = 0;
  framed.writeUInt32BE(message.byteLength, 1);
  framed.set(message, 5);
  return framed;
}

const PREFIX = new Uint8Array(5);
/** Reused between calls (encoding is synchronous), so its buffer is not regrown for every message. */
let writer = new BinaryWriter();
/** A writer that grew past this for one large message is dropped rather than kept. */
const KEEP_WRITER_BYTES = 64 * 1024;

/**
 * Encodes `message` behind its prefix in one buffer: the prefix is reserved in the writer first,
 * so the encoded bytes are not copied again to frame them.
 */
export function encodeFramed<T>(encode: (message: T, writer: BinaryWriter) => BinaryWriter, message: T): Uint8Array {
  const bytes = encode(message, writer.raw(PREFIX)).finish();
  if (bytes.length > KEEP_WRITER_BYTES) writer = new BinaryWriter();
  const length = bytes.length - 5;
  bytes[1] = length >>> 24;
  bytes[2] = (length >>> 16) & 0xff;
  bytes[3] = (length >>> 8) & 0xff;
  bytes[4] = length & 0xff;
  return bytes;
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
