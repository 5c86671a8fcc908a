/**
 * Reasons a call fails as written: the SDK raises before it sends, or the API answers 400. A
 * reader says one like any reason the count is uncertain (an entry of its `unresolved` list) and
 * marks it with `refusal()`; `analyzeSource` then also reports it on the call, as a
 * `request-refused` warning, so the failure is seen without opening the hover.
 */
const refusals = new Set<string>();
/** Texts remembered at most: each is one reader's sentence about one call, so few are distinct. */
const MAX_REMEMBERED = 10_000;

/** `reason`, marked as a reason the call fails. */
export function refusal(reason: string): string {
  if (refusals.size >= MAX_REMEMBERED) refusals.clear();
  refusals.add(reason);
  return reason;
}

/** Whether `reason` was marked by `refusal()`. */
export function isRefusal(reason: string): boolean {
  return refusals.has(reason);
}

/** `reason`, marked as a refusal when the `cause` it reports is one (a tool LangChain refuses). */
export function refusalIf(cause: string | undefined, reason: string): string {
  return cause !== undefined && isRefusal(cause) ? refusal(reason) : reason;
}
