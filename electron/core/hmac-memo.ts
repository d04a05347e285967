/**
 * HMAC-SHA256 (hex) under one key, remembering the digests of the last few short values: the same
 * token and the same audited values come back on request after request, and node:crypto builds a
 * new HMAC context (~2 µs) for each digest. Bounded (`capacity` values of at most
 * `maxValueLength` characters; the oldest goes first) and emptied by `clear()`, which the owners
 * call when sealing, with the key. What it keeps is what the process has just handled anyway
 * (JS strings cannot be wiped); a hit answers sooner than a miss, which tells only someone who
 * already knows a value that it was used recently.
 */
import { createHmac } from 'node:crypto';

export class HmacMemo {
  private readonly digests = new Map<string, string>();

  constructor(
    private readonly key: Buffer,
    private readonly capacity = 1024,
    private readonly maxValueLength = 256,
  ) {}

  hex(value: string): string {
    const known = this.digests.get(value);
    if (known !== undefined) return known;
    const digest = createHmac('sha256', this.key).update(value, 'utf8').digest('hex');
    if (value.length <= this.maxValueLength) {
      if (this.digests.size >= this.capacity) this.digests.delete(this.digests.keys().next().value as string);
      this.digests.set(value, digest);
    }
    return digest;
  }

  /** How many digests are remembered now. */
  get size(): number {
    return this.digests.size;
  }

  clear(): void {
    this.digests.clear();
  }
}
