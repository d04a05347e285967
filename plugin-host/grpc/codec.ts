/**
 * Static method descriptors for the calls the host makes. Built once at module load from the
 * generated message codecs, so a call allocates nothing but its own bytes: the request is encoded
 * straight behind its gRPC prefix (`framing.ts`), the reply decoded from the received buffer.
 */
import type { BinaryReader, BinaryWriter } from '@bufbuild/protobuf/wire';
import { encodeFramed } from './framing';

export interface MessageCodec<T> {
  encode(message: T, writer?: BinaryWriter): BinaryWriter;
  decode(input: BinaryReader | Uint8Array, length?: number): T;
}

export interface MethodDescriptor<Req, Res> {
  readonly path: string;
  /** The request as it goes on the wire: the 5-byte gRPC prefix, then the message. */
  readonly frame: (value: Req) => Uint8Array;
  readonly deserialize: (bytes: Buffer) => Res;
}

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** An empty message framed: the same five zero bytes for every call (never written to). */
const EMPTY_FRAMED = new Uint8Array(5);

export function method<Req, Res>(
  path: string,
  request: MessageCodec<Req>,
  response: MessageCodec<Res>,
): MethodDescriptor<Req, Res> {
  const encode = request.encode.bind(request) as (message: Req, writer: BinaryWriter) => BinaryWriter;
  return {
    path,
    frame: (value) => encodeFramed(encode, value),
    deserialize: (bytes) => response.decode(bytes),
  };
}

/** For methods whose request is an empty message. */
export function methodWithEmptyRequest<Res>(path: string, response: MessageCodec<Res>): MethodDescriptor<unknown, Res> {
  return { path, frame: () => EMPTY_FRAMED, deserialize: (bytes) => response.decode(bytes) };
}
