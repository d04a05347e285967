import { z } from 'zod';

// \p{Cs} under /u matches only lone surrogates; \p{Cc} is C0/C1 controls incl. NUL and DEL.
const LONE_SURROGATE = /\p{Cs}/u;
const CONTROL = /\p{Cc}/u;

/**
 * A request path as the user typed it. A lone surrogate cannot be encoded as UTF-8 — unchecked it
 * becomes U+FFFD and the write lands on a key nobody typed — and control characters are never part
 * of a Vault path; both are refused at the boundary.
 */
export const requestPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((value) => !LONE_SURROGATE.test(value), {
    message: 'contains an unpaired UTF-16 surrogate (not valid Unicode); retype the path',
  })
  .refine((value) => !CONTROL.test(value), { message: 'contains a control character; paths are printable text' });
