/**
 * Python, TypeScript and JavaScript files on the command line: the LLM calls they make, each
 * analysed as a prompt, with the same readable failures as prompt files.
 */
import { InputRejectedError } from '../core/analyze';
import { analysisToJson, analysisToText } from '../core/report';
import { analyzeSource, type SourceAnalysis } from '../core/sources/analyzeSource';
import { CliError } from './errors';
import { readPromptFile } from './promptFile';

export { isSourceFileName } from '../core/sources/languages';

export interface AnalyzedSourceFile {
  path: string;
  text: string;
  result: SourceAnalysis;
}

/** Reads a workspace file an import names; unreadable files are left out, not fatal. */
function readImported(path: string): string | undefined {
  try {
    return readPromptFile(path);
  } catch {
    return undefined;
  }
}

export async function analyzeSourceFile(path: string, options: { model?: string; maxBytes?: number } = {}): Promise<AnalyzedSourceFile> {
  const text = readPromptFile(path, options.maxBytes);
  try {
    const result = await analyzeSource({ fileName: path, text, modelOverride: options.model, maxBytes: options.maxBytes, readFile: readImported });
    return { path, text, result };
  } catch (error) {
    if (error instanceof InputRejectedError) throw new CliError(`${path}: ${error.message}`);
    throw error;
  }
}

/** `{"file", "prompts": [...]}`: each prompt's analysis as a prompt file's, plus where the call is. */
export function sourceAnalysisToJson({ path, text, result }: AnalyzedSourceFile): object {
  return {
    file: path,
    prompts: result.prompts.map(({ call, analysis }) => ({
      ...analysisToJson(analysis, { sourceText: text }),
      call: { line: call.line, column: call.column, api: call.api, callee: call.callee },
    })),
  };
}

export function sourceAnalysisToText({ path, text, result }: AnalyzedSourceFile): string {
  if (result.prompts.length === 0) return `${path}: no LLM calls found\n`;
  return result.prompts
    .map(({ call, analysis }) => `${path}:${call.line}:${call.column}: ${call.callee}\n${analysisToText(analysis, { sourceText: text })}`)
    .join('\n');
}
