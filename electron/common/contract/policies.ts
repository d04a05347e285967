import { z } from 'zod';

/** ACL policies (the Vault API's sys/policies/acl serves the rest). */
export const policiesMethods = {
  /**
   * Parses `policy` (HCL) as a save would, saving nothing: the Access page's check as you type.
   * Answers the parser's refusal with where it is, rather than failing the call.
   */
  'policies.check': z.object({ policy: z.string().max(1 << 20) }).strict(),
} as const;

export type PolicyCheckResult =
  | { ok: true; /** How many path blocks the policy has. */ paths: number }
  | {
      ok: false;
      /** The parser's message: what is wrong and what to write instead. */
      message: string;
      /** 1-based; null when the refusal is about a whole block rather than one place (an unknown capability). */
      line: number | null;
      column: number | null;
    };

export interface PoliciesResults {
  'policies.check': PolicyCheckResult;
}
