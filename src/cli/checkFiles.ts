/**
 * `check`'s verdict per file: findings (breakers, parse issues, the --min-cacheable gate) or the
 * reason the file could not be analysed. Files a glob matched that are not prompt files are skipped.
 */
import { analyzePrompt, InputRejectedError, type Finding } from '../core/analyze';
import { detectFormat } from '../core/formats';
import { formatCount } from '../core/report';
import { PromptParseError } from '../core/model';
import type { CheckRuleId } from './checkRules';
import { CliError } from './errors';
import type { ExpandedFile } from './glob';
import { readPromptFile } from './promptFile';

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
  model?: string;
  promptTokens?: number;
  cacheableTokens?: number;
  findings: CheckFinding[];
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
  if (fromGlob && detectFormat(path, text) === null) {
    return { file: path, status: 'skipped', reason: 'not a prompt file', findings: [] };
  }
  try {
    const analysis = await analyzePrompt({ fileName: path, text, modelOverride: options.model, maxBytes: options.maxBytes });
    const findings = analysis.findings.map(fromFinding);
    if (options.minCacheable !== undefined && analysis.cacheableTokens < options.minCacheable) {
      const at = analysis.firstDynamic ?? { line: 1, column: 1 };
      const why = analysis.firstDynamic ? ` (the cache stops at ${at.line}:${at.column}: ${analysis.firstDynamic.reason})` : '';
      findings.push({
        rule: 'min-cacheable',
        severity: 'error',
        message: `${formatCount(analysis.cacheableTokens)} tokens would be cached, below --min-cacheable ${formatCount(options.minCacheable)}${why}`,
        line: at.line,
        column: at.column,
        endLine: at.line,
        endColumn: at.column,
      });
    }
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
