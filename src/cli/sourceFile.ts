/**
 * Python, TypeScript and JavaScript files on the command line: the LLM calls they make, each
 * analysed as a prompt, with the same readable failures as prompt files.
 */
import { InputRejectedError } from '../core/analyze';
import type { ProviderFigure } from '../core/providerFigure';
import { analysisToJson, analysisToText } from '../core/report';
import { analyzeSource, type SourceAnalysis } from '../core/sources/analyzeSource';
import { unparsedCallMessage } from '../core/sources/unparsedCall';
import { CliError } from './errors';
import { readPromptFile } from './promptFile';
import { providerCountJson } from './providerCounting';
import { readSourceBytes, readSourceFile, unreadableReason } from '../core/sourceFileReads';

export { isSourceFileName } from '../core/sources/languages';

export interface AnalyzedSourceFile {
  path: string;
  text: string;
  result: SourceAnalysis;
}

export async function analyzeSourceFile(path: string, options: { model?: string; maxBytes?: number } = {}): Promise<AnalyzedSourceFile> {
  const text = readPromptFile(path, options.maxBytes);
  try {
    const result = await analyzeSource({ fileName: path, text, modelOverride: options.model, maxBytes: options.maxBytes, countFreshValues: true, readFile: readSourceFile, readBytes: readSourceBytes, whyUnreadable: unreadableReason });
    const [first, ...more] = result.unparsedCalls;
    if (first) throw new CliError(`${path}:${first.line}:${first.column}: ${unparsedCallMessage(first)}${more.length ? ` (and ${more.length} more)` : ''}`);
    return { path, text, result };
  } catch (error) {
    if (error instanceof InputRejectedError) throw new CliError(`${path}: ${error.message}`);
    throw error;
  }
}


/** `path:line:column` of each call, in the order of `result.prompts`. */
export function callLocations({ path, result }: AnalyzedSourceFile): string[] {
  return result.prompts.map(({ call }) => `${path}:${call.line}:${call.column}`);
}

/**
 * `{"file", "prompts": [...]}`: each prompt's analysis as a prompt file's, plus where the call is.
 * With `figures` (the provider was asked), each prompt has `providerCount`, null where none came.
 */
export function sourceAnalysisToJson({ path, text, result }: AnalyzedSourceFile, figures?: readonly (ProviderFigure | undefined)[]): object {
  return {
    file: path,
    prompts: result.prompts.map(({ call, analysis }, i) => {
      const figure = figures?.[i];
      return {
        ...analysisToJson(analysis, { sourceText: text }),
        call: { line: call.line, column: call.column, api: call.api, callee: call.callee },
        ...(figures ? { providerCount: figure ? providerCountJson(analysis.promptTokens, figure) : null } : {}),
      };
    }),
  };
}

export function sourceAnalysisToText(source: AnalyzedSourceFile, figures?: readonly (ProviderFigure | undefined)[], verbose = false): string {
  const { path, text, result } = source;
  if (result.prompts.length === 0) return `${path}: no LLM calls found\n`;
  const locations = callLocations(source);
  return result.prompts
    .map(({ call, analysis }, i) => `${locations[i]}: ${call.callee}\n${analysisToText(analysis, { sourceText: text, providerFigure: figures?.[i], verbose })}`)
    .join('\n');
}
