/**
 * HMAC-SHA256 (hex) under one key, optionally remembering the digests of the last few short
 * values: the same token comes back on request after request, and node:crypto builds a new HMAC
 * context (~2 µs) for each digest. Bounded (`capacity` values of at most `maxValueLength`
 * characters; the oldest goes first; 0 remembers nothing). `destroy()`, which the owners call when
 * sealing before they zero the key, empties it and refuses every later digest: a request still in
 * flight then fails instead of hashing under a zeroed key. Only the token salt remembers: the values
 * it keeps are tokens the process has just handled anyway (JS strings cannot be wiped), and a hit
 * answering sooner tells only someone who already knows a token that it was used recently. The
 * audit hasher's values are secrets from request and response bodies, so it remembers none.
 */
import { createHmac } from 'node:crypto';

export class HmacMemo {
  private readonly digests = new Map<string, string>();
  private destroyed = false;

  constructor(
    private readonly key: Buffer,
    private readonly capacity = 1024,
    private readonly maxValueLength = 256,
  ) {}

  hex(value: string): string {
    if (this.destroyed) throw new Error('This HMAC key was wiped when Strongroom sealed; unseal and send the request again.');
    const known = this.digests.get(value);
    if (known !== undefined) return known;
    const digest = createHmac('sha256', this.key).update(value, 'utf8').digest('hex');
    if (this.capacity > 0 && value.length <= this.maxValueLength) {
      if (this.digests.size >= this.capacity) this.digests.delete(this.digests.keys().next().value as string);
      this.digests.set(value, digest);
    }
    return digest;
  }

  /** How many digests are remembered now. */
  get size(): number {
    return this.digests.size;
  }

  /** Forgets every digest and refuses any later one (the key is about to be zeroed). */
  destroy(): void {
    this.destroyed = true;
    this.digests.clear();
  }
}
