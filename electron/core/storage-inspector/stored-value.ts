/** How a stored value crosses the contract: as text when it reads as text, base64 otherwise. */
import type { RawBody } from '../../common/contract/requests';

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** C0 controls but tab, newline and carriage return, DEL and C1: a value holding them is binary. */
function hasBinaryControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

export function storedValue(bytes: Uint8Array): RawBody {
  try {
    const text = utf8.decode(bytes);
    if (!hasBinaryControl(text)) return { text };
  } catch {
    // not UTF-8: shown as base64
  }
  return { base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
}
