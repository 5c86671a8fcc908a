/**
 * What each run sent, kept in the history so two runs can be compared token by token: the body the
 * provider's cache saw (history included in conversation modes), redacted like every other line,
 * stored once per session for runs that sent the same body, and not at all past a size limit.
 */
import { createHash } from 'node:crypto';
import type { BodyFormat } from '../simulator/promptIds';
import { redactValue } from './redact';
import type { RunRecord, RunRequest } from './types';

/** Longer bodies (large images as data URLs, say) are not kept: only their hash is. */
export const MAX_KEPT_REQUEST_CHARS = 256 * 1024;

/** Per session: keeps the first copy of each distinct body. */
export class RequestKeeper {
  private readonly kept = new Set<string>();

  constructor(private readonly secrets: readonly string[]) {}

  keep(body: Record<string, unknown>, format: BodyFormat): RunRequest {
    const json = JSON.stringify(redactValue(body, this.secrets));
    const sha256 = createHash('sha256').update(json).digest('hex');
    if (json.length > MAX_KEPT_REQUEST_CHARS) return { sha256, format, omitted: true };
    if (this.kept.has(sha256)) return { sha256, format };
    this.kept.add(sha256);
    return { sha256, format, body: json };
  }
}

/** The body a run sent: its own copy, or the copy of a run of the same session that sent the same. */
export function requestBodyOf(runs: readonly RunRecord[], run: RunRecord): string | undefined {
  const request = run.request;
  if (!request) return undefined;
  if (request.body !== undefined) return request.body;
  return runs.find((other) => other.request?.sha256 === request.sha256 && other.request.body !== undefined)?.request?.body;
}

/** Why a run cannot be compared, or undefined when its body is at hand. */
export function missingRequestReason(runs: readonly RunRecord[], run: RunRecord): string | undefined {
  if (!run.request) return `Run ${run.index + 1} was recorded before requests were kept in the history.`;
  if (run.request.omitted) return `Run ${run.index + 1} sent a request over ${MAX_KEPT_REQUEST_CHARS / 1024} KB; only its hash was kept.`;
  if (requestBodyOf(runs, run) === undefined) return `The request of run ${run.index + 1} is not in the history.`;
  return undefined;
}

/** A run's request as a prompt to compare (`run-3.json`: the body is request JSON). */
export interface RunPrompt {
  label: string;
  fileName: string;
  text: string;
}

/** Run `index` of a session and the run before it, as two prompts, or why they cannot be compared. */
export function runAndPrevious(runs: readonly RunRecord[], index: number): { previous: RunPrompt; run: RunPrompt } | { error: string } {
  const run = runs.find((r) => r.index === index);
  const previous = runs.find((r) => r.index === index - 1);
  if (!run || !previous) return { error: `The session has no run ${run ? index : index + 1}.` };
  const reason = missingRequestReason(runs, previous) ?? missingRequestReason(runs, run);
  if (reason) return { error: reason };
  const prompt = (r: RunRecord): RunPrompt => ({ label: `run ${r.index + 1}`, fileName: `run-${r.index + 1}.json`, text: requestBodyOf(runs, r)! });
  return { previous: prompt(previous), run: prompt(run) };
}
