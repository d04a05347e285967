/**
 * Static method descriptors for the calls the host makes. Built once at module load from the
 * generated message codecs, so a call allocates nothing but its own bytes: the serializer wraps
 * the encoder's output without copying (grpc-js wants a Buffer; ts-proto's own service tables copy).
 */
import type { BinaryReader, BinaryWriter } from '@bufbuild/protobuf/wire';

export interface MessageCodec<T> {
  encode(message: T, writer?: BinaryWriter): BinaryWriter;
  decode(input: BinaryReader | Uint8Array, length?: number): T;
}

export interface MethodDescriptor<Req, Res> {
  readonly path: string;
  readonly serialize: (value: Req) => Buffer;
  readonly deserialize: (bytes: Buffer) => Res;
}

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const EMPTY_BUFFER = Buffer.alloc(0);

export function method<Req, Res>(
  path: string,
  request: MessageCodec<Req>,
  response: MessageCodec<Res>,
): MethodDescriptor<Req, Res> {
  return {
    path,
    serialize: (value) => asBuffer(request.encode(value).finish()),
    deserialize: (bytes) => response.decode(bytes),
  };
}

/** For methods whose request is an empty message: the bytes are always the same zero-length buffer. */
export function methodWithEmptyRequest<Res>(path: string, response: MessageCodec<Res>): MethodDescriptor<unknown, Res> {
  return { path, serialize: () => EMPTY_BUFFER, deserialize: (bytes) => response.decode(bytes) };
}
