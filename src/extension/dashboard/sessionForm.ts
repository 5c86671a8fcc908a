import type { SessionHeader } from '../../runner';
import { EndpointKindSchema, RunFormSchema, type RunForm } from '../../shared/protocol';

/**
 * The form that runs a stored session again with the same settings: endpoint, API, state mode,
 * cache key, retention, streaming, pacing and the variable rows. Undefined when the stored
 * settings no longer make a valid form (history from an older version).
 */
export function formOfSession(header: SessionHeader): RunForm | undefined {
  const s = header.settings;
  const endpoint = EndpointKindSchema.safeParse(header.endpoint.kind);
  if (!endpoint.success) return undefined;
  const form = RunFormSchema.safeParse({
    endpoint: endpoint.data,
    api: s.api,
    responsesState: s.responsesState ?? 'independent',
    model: s.model,
    runs: s.runs,
    delayMs: s.delayMs ?? 0,
    concurrency: s.concurrency ?? 1,
    promptCacheKeyMode: s.promptCacheKeyMode ?? 'none',
    promptCacheKey: s.promptCacheKey ?? '',
    promptCacheRetention: s.promptCacheRetention ?? '',
    maxOutputTokens: s.maxOutputTokens ?? 16,
    stream: s.stream ?? false,
    variableRows: s.variableRows ?? [],
    perRequestValues: s.perRequestValues ?? 'vary',
  });
  return form.success ? form.data : undefined;
}
