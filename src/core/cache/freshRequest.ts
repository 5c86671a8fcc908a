/**
 * A request with its own values at the prompt's per-request spans (computed values such as
 * `datetime.now()`, literal timestamps and ids), as one test run sends it: production fills them
 * anew for each request, so a run that does the same reads from the cache only what production
 * would. The analysis counts a sample of it, so its figure is the size of what runs send.
 */
import type { PromptRequest, TextPiece, ToolDefinition } from '../model';
import { mapRequestPieces, replaceSpansReporting, type ReplacedSpan } from '../replaceSpans';
import { freshValue, type FreshValueContext } from './freshValues';
import { isPerRequestSpan, perRequestLabel, spansToVary } from './perRequestSpans';

/** Each field of a timestamp moves between runs: runs never share a value, whatever it shows. */
const RUN_STEP_MS = 86_400_000 + 3_600_000 + 60_000 + 1_000 + 1;

export interface PerRunValues {
  request: PromptRequest;
  /** Each varied span's label and the value this run sent for it. */
  values: Record<string, string>;
}

/**
 * The words of `written` that `value` changes, and what they become: a labelled line keeps its
 * label, so only `2026-03-14T09:12:33Z` of `"Current time: 2026-03-14T09:12:33Z` is looked for in
 * a tool's parsed strings (the span, read from the definition's JSON or YAML, may hold its quotes).
 */
function changedWords(written: string, value: string): { from: string; to: string } {
  let head = 0;
  while (head < written.length && head < value.length && written[head] === value[head]) head++;
  let tail = 0;
  while (tail < written.length - head && tail < value.length - head && written[written.length - 1 - tail] === value[value.length - 1 - tail]) tail++;
  const edge = /[\s"']/;
  while (head > 0 && !edge.test(written[head - 1])) head--;
  while (tail > 0 && !edge.test(written[written.length - tail])) tail--;
  return { from: written.slice(head, written.length - tail), to: value.slice(head, value.length - tail) };
}

/** `value` with `from` replaced by `to` in every string it holds (keys stay); `hit` says whether any was. */
function replaceInStrings(value: unknown, from: string, to: string, hit: { found: boolean }): unknown {
  if (typeof value === 'string') {
    if (!value.includes(from)) return value;
    hit.found = true;
    return value.split(from).join(to);
  }
  if (Array.isArray(value)) return value.map((item) => replaceInStrings(item, from, to, hit));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceInStrings(item, from, to, hit)]));
}

/**
 * A tool definition with its per-request spans varied. A function tool is sent from its parsed
 * description and schema, so each value goes into the strings that hold the text it replaces;
 * other tools are sent from their text. Only values that reach the body are reported.
 */
function varyTool(tool: ToolDefinition, vary: (piece: TextPiece) => { piece: TextPiece; replaced: ReplacedSpan[] }): { tool: ToolDefinition; replaced: ReplacedSpan[] } {
  const { piece, replaced } = vary(tool.piece);
  if (replaced.length === 0) return { tool, replaced };
  let fields: Partial<ToolDefinition> = {};
  for (const key of ['description', 'parameters', 'grammar'] as const) if (tool[key] !== undefined) fields = { ...fields, [key]: tool[key] };
  const sent: ReplacedSpan[] = [];
  for (const one of replaced) {
    const { from, to } = changedWords(one.written, one.value);
    const hit = { found: false };
    if (from.length > 0) fields = replaceInStrings(fields, from, to, hit) as Partial<ToolDefinition>;
    if (hit.found || tool.type !== 'function') sent.push(one);
  }
  const varied: ToolDefinition = { ...tool, ...fields, piece, dynamic: piece.dynamic };
  return { tool: varied, replaced: sent };
}

/** The request of run `runIndex` of session `sessionId`, started at `startedAtMs`, with its per-request spans varied. */
export function varyPerRequestValues(request: PromptRequest, sessionId: string, runIndex: number, startedAtMs: number): PerRunValues {
  const values: Record<string, string> = {};
  const context: FreshValueContext = { timeMs: startedAtMs + runIndex * RUN_STEP_MS, seed: `${sessionId}:${runIndex}` };
  const vary = (piece: TextPiece) => {
    const chosen = new Set(spansToVary(piece));
    return replaceSpansReporting(piece, (span, written) => {
      if (!chosen.has(span) || !isPerRequestSpan(span)) return undefined;
      // A date without a time is the session's own: production's requests of one day share it.
      return span.daily ? freshValue(span.kind, written, span.name, { ...context, timeMs: startedAtMs }, true) : freshValue(span.kind, written, span.name, context);
    });
  };
  // Recorded from what was replaced, so the values a run reports are the values it sent.
  const record = (replaced: ReplacedSpan[]) => {
    for (const { written, value } of replaced) values[perRequestLabel(written)] = value;
  };
  const tools = request.tools.map((tool) => {
    const varied = varyTool(tool, vary);
    record(varied.replaced);
    return varied.tool;
  });
  const varied = mapRequestPieces({ ...request, tools }, (piece) => {
    const { piece: sent, replaced } = vary(piece);
    record(replaced);
    return sent;
  });
  return { request: varied, values };
}
