/**
 * Whether the dashboard can send a file's request. A source-file call whose messages are all
 * built at run time has no request in the file: sending what is left would test a made-up prompt.
 */
import type { Analysis } from '../../core/analyze';

/** Why the request cannot be sent, or undefined when it can. */
export function unsendableReason(analysis: Analysis): string | undefined {
  if (!analysis.sizeUnknown) return undefined;
  return `Not sent: what this call sends is not known from the file (${analysis.sizeUnknown}).`;
}
