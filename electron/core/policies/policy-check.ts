/**
 * `policies.check`: a policy's text through the same parser a save uses (`parsePolicy`), nothing
 * stored. The parser says where in its messages ("At 3:7: …" for syntax, "… at line 3, column 7: …"
 * for a key or value); the position is read back from there so the editor can point at it.
 */
import type { PolicyCheckResult } from '../../common/contract/policies';
import { parsePolicy, PolicyParseError } from './policy-parse';

const POSITION = /\bAt (\d+):(\d+):|\bline (\d+), column (\d+)/;

export function checkPolicy(text: string): PolicyCheckResult {
  try {
    return { ok: true, paths: parsePolicy(text).paths.length };
  } catch (error) {
    if (!(error instanceof PolicyParseError)) throw error;
    const found = POSITION.exec(error.message);
    const line = found === null ? null : Number(found[1] ?? found[3]);
    const column = found === null ? null : Number(found[2] ?? found[4]);
    return { ok: false, message: error.message, line, column };
  }
}
