/**
 * `check`'s verdict per file: findings (breakers, parse issues, the --min-cacheable gate) or the
 * reason the file could not be analysed. Files a glob matched that are not prompt files are skipped.
 */
import { analyzePrompt, InputRejectedError, type Analysis, type Finding } from '../core/analyze';
import { analyzeSource } from '../core/sources/analyzeSource';
import { isSourceFileName } from '../core/sources/languages';
import { detectFormat } from '../core/formats';
import { formatCount } from '../core/report';
import { PromptParseError } from '../core/model';
import type { CheckRuleId } from './checkRules';
import { CliError } from './errors';
import type { ExpandedFile } from './glob';
import { readPromptFile } from './promptFile';
import { unparsedCallMessage } from '../core/sources/unparsedCall';
import { readSourceBytes, readSourceFile, unreadableReason } from '../core/sourceFileReads';

export interface CheckFinding {
  rule: CheckRuleId;
  severity: Finding['severity'];
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface CheckedFile {
  file: string;
  status: 'analysed' | 'unreadable' | 'skipped';
  /** Why the file was skipped or could not be analysed. */
  reason?: string;
  /** For a source file: its calls' models, each once. */
  model?: string;
  /** For a source file: the largest call's (separate requests are never one prompt). */
  promptTokens?: number;
  cacheableTokens?: number;
  /** For a source file with one call whose messages are built at run time: what builds them. */
  sizeUnknown?: string;
  findings: CheckFinding[];
  /** For a source file: each LLM call, where it is and what it sends (`sizeUnknown`: see `Analysis`). */
  prompts?: Array<{ line: number; column: number; api: string; callee: string; model: string; promptTokens: number; cacheableTokens: number; sizeUnknown?: string }>;
}

export interface CheckOptions {
  model?: string;
  maxBytes?: number;
  minCacheable?: number;
}

function fromFinding(f: Finding): CheckFinding {
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    line: f.line,
    column: f.column,
    endLine: f.end?.line ?? f.line,
    endColumn: f.end?.column ?? f.column,
  };
}

function unreadable(file: string, reason: string, line = 1, column = 1, rule: CheckRuleId = 'unreadable'): CheckedFile {
  return {
    file,
    status: 'unreadable',
    reason,
    findings: [{ rule, severity: 'error', message: reason, line, column, endLine: line, endColumn: column }],
  };
}

export async function checkFile({ path, fromGlob }: ExpandedFile, options: CheckOptions): Promise<CheckedFile> {
  let text: string;
  try {
    text = readPromptFile(path, options.maxBytes);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    // A pattern like `**/*` reaches images and archives: not prompt files, not failures.
    if (fromGlob && /looks binary/.test(error.message)) return { file: path, status: 'skipped', reason: 'binary', findings: [] };
    return unreadable(path, error.message.replace(`${path}: `, ''));
  }
  if (isSourceFileName(path)) return checkSourceFile(path, text, options, fromGlob);
  if (fromGlob && detectFormat(path, text) === null) {
    return { file: path, status: 'skipped', reason: 'not a prompt file', findings: [] };
  }
  try {
    const analysis = await analyzePrompt({ fileName: path, text, modelOverride: options.model, maxBytes: options.maxBytes });
    const findings = analysis.findings.map(fromFinding);
    const gate = minCacheableFinding(analysis, options.minCacheable);
    if (gate) findings.push(gate);
    return {
      file: path,
      status: 'analysed',
      model: analysis.model,
      promptTokens: analysis.promptTokens,
      cacheableTokens: analysis.cacheableTokens,
      findings,
    };
  } catch (error) {
    if (error instanceof PromptParseError) {
      return unreadable(path, error.message.replace(/\s*\(line \d+, column \d+\)$/, ''), error.line, error.column, 'parse');
    }
    if (error instanceof InputRejectedError) return unreadable(path, error.message);
    // A fault on one file must not hide the verdicts on the others: it is reported as that file's result.
    const detail = error instanceof Error ? error.message : String(error);
    return unreadable(path, `internal error while analysing this file: ${detail.split('\n')[0]}`);
  }
}

/** The --min-cacheable gate: an error at the point where the cache stops. */
function minCacheableFinding(analysis: Analysis, minCacheable: number | undefined, call?: { line: number; column: number }): CheckFinding | undefined {
  if (minCacheable === undefined || analysis.cacheableTokens >= minCacheable) return undefined;
  const at = analysis.firstDynamic ?? call ?? { line: 1, column: 1 };
  const why = analysis.firstDynamic ? ` (the cache stops at ${at.line}:${at.column}: ${analysis.firstDynamic.reason})` : '';
  return {
    rule: 'min-cacheable',
    severity: 'error',
    message: `${formatCount(analysis.cacheableTokens)} tokens would be cached, below --min-cacheable ${formatCount(minCacheable)}${why}`,
    line: at.line,
    column: at.column,
    endLine: at.line,
    endColumn: at.column,
  };
}

/**
 * A source file: every LLM call's findings, and the gate per call. Files a glob matched that make
 * no LLM call are skipped; a file named on its own with no call passes with nothing to report.
 */
async function checkSourceFile(path: string, text: string, options: CheckOptions, fromGlob: boolean): Promise<CheckedFile> {
  try {
    const { prompts, unparsedCalls } = await analyzeSource({ fileName: path, text, modelOverride: options.model, maxBytes: options.maxBytes, readFile: readSourceFile, readBytes: readSourceBytes, whyUnreadable: unreadableReason });
    if (unparsedCalls.length > 0) {
      const findings = unparsedCalls.map((call): CheckFinding => {
        const { line, column } = call;
        return { rule: 'parse', severity: 'error', message: unparsedCallMessage(call), line, column, endLine: line, endColumn: column };
      });
      return { file: path, status: 'unreadable', reason: findings[0].message, findings };
    }
    if (prompts.length === 0 && fromGlob) return { file: path, status: 'skipped', reason: 'no LLM calls', findings: [] };
    const findings: CheckFinding[] = [];
    for (const { call, analysis } of prompts) {
      findings.push(...analysis.findings.map((f) => ({ ...fromFinding(f), message: `${call.callee} (${call.line}:${call.column}): ${f.message}` })));
      const gate = minCacheableFinding(analysis, options.minCacheable, call);
      if (gate) findings.push({ ...gate, message: `${call.callee} (${call.line}:${call.column}): ${gate.message}` });
    }
    const largest = prompts.reduce<(typeof prompts)[number] | undefined>((a, b) => (a && a.analysis.promptTokens >= b.analysis.promptTokens ? a : b), undefined);
    return {
      file: path,
      status: 'analysed',
      model: [...new Set(prompts.map((p) => p.analysis.model))].join(', '),
      promptTokens: largest?.analysis.promptTokens ?? 0,
      cacheableTokens: largest?.analysis.cacheableTokens ?? 0,
      ...(prompts.length === 1 && prompts[0].analysis.sizeUnknown ? { sizeUnknown: prompts[0].analysis.sizeUnknown } : {}),
      findings,
      prompts: prompts.map(({ call, analysis }) => ({
        line: call.line,
        column: call.column,
        api: call.api,
        callee: call.callee,
        model: analysis.model,
        promptTokens: analysis.promptTokens,
        cacheableTokens: analysis.cacheableTokens,
        ...(analysis.sizeUnknown ? { sizeUnknown: analysis.sizeUnknown } : {}),
      })),
    };
  } catch (error) {
    if (error instanceof InputRejectedError) return unreadable(path, error.message);
    const detail = error instanceof Error ? error.message : String(error);
    return unreadable(path, `internal error while analysing this file: ${detail.split('\n')[0]}`);
  }
}

