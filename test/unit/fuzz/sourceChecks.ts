/**
 * What a user checks of the analysis of a source file, whatever its text: the analysis resolves
 * (or refuses the file with an InputRejectedError, the one refusal the extension shows as such),
 * every call, finding, segment, fix and marker it reports lies inside the file, each call has a
 * token count or says why its size is unknown, and what the editor draws for it can be computed
 * and sent from the worker. Returns the problems found, as text; none when all holds.
 */
import { analyzeSource, type SourceAnalysis } from '../../../src/core/sources/analyzeSource';
import { applyEdits, combineFixes, type TextEdit } from '../../../src/core/cache/breaker-fixes';
import { detach, toPayload } from '../../../src/core/analysisTransfer';
import { editorView } from '../../../src/core/editorView';
import { InputRejectedError } from '../../../src/core/inputRejected';
import { LineIndex } from '../../../src/core/lineIndex';
import type { PromptRequest, SourceRange, TextPiece } from '../../../src/core/model';
import { readSourceBytes, readSourceFile, unreadableReason } from '../../../src/core/sourceFileReads';
import { lineLengths } from './inputs';

export interface SourceCase {
  fileName: string;
  text: string;
  /** Other files' texts by path, in place of what is on disk (a module the file imports, edited). */
  files?: Record<string, string>;
  /** Also apply each Quick Fix (and all of them at once) and check the fixed text the same way. */
  fixes?: boolean;
}

export interface SourceCheck {
  problems: string[];
  /** What the run met, to tell a property that only ever sees refusals from one that reads calls. */
  prompts: number;
  unparsed: number;
  rejected?: string;
  fixesApplied: number;
}

export async function checkSource(input: SourceCase): Promise<SourceCheck> {
  const check: SourceCheck = { problems: [], prompts: 0, unparsed: 0, fixesApplied: 0 };
  const first = await analyzed(input.fileName, input.text, input.files, check.problems, '');
  if (!first) return check;
  if ('rejected' in first) {
    check.rejected = first.rejected;
    return check;
  }
  check.prompts = first.prompts.length;
  check.unparsed = first.unparsedCalls.length;
  if (!input.fixes) return check;

  const fixes = first.prompts.flatMap((p) => p.analysis.findings.flatMap((f) => (f.fix ? [{ rule: f.rule, fix: f.fix }] : [])));
  const applied: Array<{ what: string; edits: TextEdit[] }> = fixes.map(({ fix }) => ({ what: `Quick Fix "${fix.description}"`, edits: fix.edits }));
  const forAll = fixes.filter((f) => f.rule !== 'strict-schema-rejected').map((f) => f.fix);
  if (forAll.length > 1) applied.push({ what: 'Fix all', edits: combineFixes(forAll) });
  for (const { what, edits } of applied) {
    const before = check.problems.length;
    editsInside(edits, input.text.length, what, check.problems);
    if (check.problems.length > before) continue;
    const fixed = applyEdits(input.text, edits);
    check.fixesApplied++;
    const again = await analyzed(input.fileName, fixed, input.files, check.problems, `after ${what}: `);
    if (!again || 'rejected' in again) {
      if (again) check.problems.push(`after ${what}: the fixed file is refused: ${again.rejected}`);
      continue;
    }
    // A fix moves text within one call: it adds no syntax error and loses no call.
    if (again.unparsedCalls.length > first.unparsedCalls.length) {
      check.problems.push(`after ${what}: ${again.unparsedCalls.length} calls no longer parse (${first.unparsedCalls.length} before)\n--- fixed text ---\n${fixed}`);
    }
    if (again.prompts.length < first.prompts.length) {
      check.problems.push(`after ${what}: ${again.prompts.length} calls found (${first.prompts.length} before)\n--- fixed text ---\n${fixed}`);
    }
  }
  return check;
}

async function analyzed(
  fileName: string,
  text: string,
  files: Record<string, string> | undefined,
  problems: string[],
  prefix: string,
): Promise<SourceAnalysis | { rejected: string } | undefined> {
  let result: SourceAnalysis;
  try {
    result = await analyzeSource({
      fileName,
      text,
      readFile: (path) => (files && path in files ? files[path] : readSourceFile(path)),
      readBytes: readSourceBytes,
      whyUnreadable: unreadableReason,
    });
  } catch (error) {
    if (error instanceof InputRejectedError && error.message.length > 0) return { rejected: error.message };
    problems.push(`${prefix}rejected with ${error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error)}`);
    return undefined;
  }
  const before = problems.length;
  try {
    checkAnalysis(result, text, (problem) => problems.push(`${prefix}${problem}`));
  } catch (error) {
    problems.push(`${prefix}the result could not be read: ${error instanceof Error ? error.stack : String(error)}`);
  }
  return problems.length > before ? undefined : result;
}

type Report = (problem: string) => void;

function checkAnalysis(result: SourceAnalysis, text: string, report: Report): void {
  const length = text.length;
  const lines = lineLengths(text);
  const lineIndex = new LineIndex(text);
  const range = (r: SourceRange | null | undefined, what: string) => {
    if (!r) return;
    if (!(Number.isInteger(r.start) && Number.isInteger(r.end) && r.start >= 0 && r.start <= r.end && r.end <= length)) {
      report(`${what}: range ${JSON.stringify(r)} outside 0..${length}`);
    }
  };
  const offset = (o: number, what: string) => {
    if (!(Number.isInteger(o) && o >= 0 && o <= length)) report(`${what}: offset ${o} outside 0..${length}`);
  };
  const position = (p: { line: number; column: number } | null | undefined, what: string) => {
    if (!p) return;
    const ok = Number.isInteger(p.line) && p.line >= 1 && p.line <= lines.length && Number.isInteger(p.column) && p.column >= 1 && p.column <= lines[p.line - 1] + 1;
    if (!ok) report(`${what}: line ${p.line} column ${p.column} not in the file (${lines.length} lines)`);
  };
  /** A position given with its offset names the same place. */
  const placed = (p: { line: number; column: number; offset: number } | null | undefined, what: string) => {
    if (!p) return;
    offset(p.offset, what);
    position(p, what);
    const expected = lineIndex.position(p.offset);
    if (expected.line !== p.line || expected.column !== p.column) report(`${what}: ${p.line}:${p.column} is not offset ${p.offset} (${expected.line}:${expected.column})`);
  };

  result.unparsedCalls.forEach((call, i) => {
    position(call, `unparsed call ${i} (${call.callee})`);
    position(call.error, `unparsed call ${i} syntax error`);
  });
  for (const path of [...result.readFiles, ...result.missingFiles]) if (typeof path !== 'string' || path.length === 0) report(`read file ${JSON.stringify(path)}`);

  result.prompts.forEach(({ call, analysis }, i) => {
    const at = `call ${i} (${call.callee} at ${call.line}:${call.column})`;
    placed(call, at);
    range(call.range, `${at} range`);
    if (call.offset !== call.range.start) report(`${at}: offset ${call.offset} is not the start of its range ${call.range.start}`);
    const count = analysis.promptTokens;
    if (!(Number.isInteger(count) && count >= 0)) report(`${at}: token count ${count}`);
    if (analysis.sizeUnknown !== undefined && (typeof analysis.sizeUnknown !== 'string' || analysis.sizeUnknown.trim() === '')) report(`${at}: size unknown without a reason`);
    if (analysis.estimate && !(analysis.estimateReason ?? '').trim()) report(`${at}: an estimate without a reason`);
    for (const [name, value] of [
      ['cacheable', analysis.cacheableTokens],
      ['static prefix', analysis.staticPrefixTokens],
      ['cacheable if fixed', analysis.cacheableTokensIfFixed],
    ] as const) {
      if (!(Number.isInteger(value) && value >= 0 && value <= count)) report(`${at}: ${name} tokens ${value} of ${count}`);
    }
    analysis.segments.forEach((s, j) => range(s.range, `${at} segment ${j} (${s.label})`));
    analysis.breakpoints.forEach((b, j) => placed(b.position, `${at} breakpoint ${j}`));
    placed(analysis.firstDynamic, `${at} first dynamic point`);
    placed(analysis.minimumReachedAt, `${at} minimum reached`);
    (analysis.builtAt ?? []).forEach((r, j) => range(r, `${at} built at ${j}`));
    analysis.findings.forEach((f, j) => {
      const what = `${at} finding ${j} (${f.rule})`;
      if (!f.message.trim()) report(`${what}: no message`);
      position(f, what);
      position(f.end, `${what} end`);
      range(f.range, what);
      if (f.range) {
        const start = lineIndex.position(f.range.start);
        if (start.line !== f.line || start.column !== f.column) report(`${what}: ${f.line}:${f.column} is not its range's start ${start.line}:${start.column}`);
      }
      if (f.fix) {
        if (!f.fix.description.trim()) report(`${what}: a fix without a description`);
        editsInside(f.fix.edits, length, `${what} fix`, { push: report });
      }
    });
    requestRanges(analysis.request, length, `${at} request`, range);
    // What the worker sends the editor: the tints and markers, and the payload itself.
    const view = editorView(analysis, length);
    for (const kind of ['cacheable', 'staticUncached', 'dynamic'] as const) view[kind].forEach((r, j) => range(r, `${at} ${kind} tint ${j}`));
    for (const marker of [view.boundary, view.minimum, ...view.breakpoints]) if (marker) offset(marker.offset, `${at} marker "${marker.label}"`);
    detach(toPayload(analysis, view));
  });
}

function requestRanges(request: PromptRequest, length: number, at: string, range: (r: SourceRange | null | undefined, what: string) => void): void {
  const piece = (p: TextPiece | undefined, what: string) => {
    if (!p) return;
    range(p.range, what);
    if (p.offsets) {
      if (p.offsets.length !== p.text.length + 1) range({ start: 0, end: -1 }, `${what}: ${p.offsets.length} offsets for ${p.text.length} units`);
      for (const o of p.offsets) if (!(o >= 0 && o <= length)) range({ start: o, end: o }, `${what} offset`);
    }
    for (const span of p.dynamic) {
      if (!(span.start >= 0 && span.start <= span.end && span.end <= p.text.length)) range({ start: span.start, end: -1 }, `${what} dynamic span ${span.name} in a text of ${p.text.length}`);
    }
  };
  range(request.model?.range, `${at} model`);
  request.tools.forEach((tool, i) => {
    range(tool.range, `${at} tool ${i}`);
    piece(tool.piece, `${at} tool ${i}`);
    range(tool.breakpoint?.range, `${at} tool ${i} breakpoint`);
  });
  if (request.responseFormat) {
    range(request.responseFormat.range, `${at} response format`);
    piece(request.responseFormat.piece, `${at} response format`);
  }
  piece(request.instructions, `${at} instructions`);
  [...(request.system ?? []), ...request.messages.flatMap((m) => m.parts)].forEach((part, i) => {
    range(part.range, `${at} part ${i}`);
    range(part.breakpoint?.range, `${at} part ${i} breakpoint`);
    if (part.type !== 'image' && part.type !== 'audio') piece(part.piece, `${at} part ${i}`);
  });
  request.messages.forEach((m, i) => {
    range(m.range, `${at} message ${i}`);
    range(m.roleRange, `${at} message ${i} role`);
    piece(m.toolCalls, `${at} message ${i} tool calls`);
  });
  request.variables.forEach((v) => range(v.range, `${at} variable ${v.name}`));
  request.issues.forEach((issue) => range(issue.range, `${at} issue "${issue.message}"`));
}

/** Edits VS Code accepts as one change: inside the text, none overlapping another. */
function editsInside(edits: readonly TextEdit[], length: number, what: string, problems: { push: (problem: string) => unknown }): void {
  if (edits.length === 0) problems.push(`${what}: no edits`);
  for (const e of edits) {
    const r = e.range;
    if (!(Number.isInteger(r.start) && Number.isInteger(r.end) && r.start >= 0 && r.start <= r.end && r.end <= length)) problems.push(`${what}: edit ${JSON.stringify(r)} outside 0..${length}`);
  }
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1].range;
    const b = sorted[i].range;
    if (b.start < a.end) problems.push(`${what}: edits ${JSON.stringify(a)} and ${JSON.stringify(b)} overlap`);
  }
}
