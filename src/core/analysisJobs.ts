/**
 * The work the analysis worker does, and the messages it exchanges with the extension host. Kept
 * apart from the worker's entry so the same code runs (and is tested) on any thread.
 */
import { analyzePrompt, type AnalyzeInput } from './analyze';
import { countRequestBody, type CountedApi } from './bodyCount';
import { detach, encodeError, toPayload, type DetachedValue, type EncodedError, type SourcePayload } from './analysisTransfer';
import { editorView } from './editorView';
import { comparePrompts, type CompareInput, type PromptDiff } from './promptDiff';
import { analyzeSource } from './sources/analyzeSource';
import { readSourceBytes, readSourceFile, unreadableReason } from './sourceFileReads';
import type { EncodingName } from './tokens/rendered';
import { loadTokenizer } from './tokens/tokenizer';

/**
 * `textInParts`: the job was posted with an empty text, whose parts came before it
 * (`core/textParts.ts`).
 */
export type AnalysisJob =
  /** The whole analysis of a file, and what the editor draws for it. */
  | { type: 'analyze'; id: number; input: AnalyzeInput; textInParts?: boolean }
  /** The LLM calls of a Python, TypeScript or JavaScript file, each analysed, with what the editor draws. */
  | { type: 'source'; id: number; input: AnalyzeInput & { parserAssetDir?: string }; textInParts?: boolean }
  /** Tokens in a piece of text (a selection). */
  | { type: 'count'; id: number; text: string; encoding: EncodingName; assetDir?: string; textInParts?: boolean }
  /** Tokens of a provider counting body (its JSON text), as the provider counts that API's requests. */
  | { type: 'countBody'; id: number; body: string; api: CountedApi; model: string; assetDir?: string }
  /** Two prompts side by side, rendered, with the first token where they differ. */
  | { type: 'compare'; id: number; first: CompareInput; second: CompareInput };

export type AnalysisReply =
  | { type: 'analysis'; id: number; payload: DetachedValue }
  | { type: 'source'; id: number; payload: DetachedValue }
  | { type: 'count'; id: number; count: number }
  | { type: 'compare'; id: number; diff: PromptDiff }
  | { type: 'error'; id: number; error: EncodedError };

/** Runs one job; the reply comes with the buffers to transfer. */
export async function runJob(job: AnalysisJob): Promise<{ reply: AnalysisReply; transfer: ArrayBuffer[] }> {
  try {
    if (job.type === 'count') {
      const tokenizer = await loadTokenizer(job.encoding, { assetDir: job.assetDir });
      return { reply: { type: 'count', id: job.id, count: tokenizer.count(job.text) }, transfer: [] };
    }
    if (job.type === 'countBody') {
      return { reply: { type: 'count', id: job.id, count: await countRequestBody(job.body, job.api, job.model, job.assetDir) }, transfer: [] };
    }
    if (job.type === 'compare') {
      return { reply: { type: 'compare', id: job.id, diff: await comparePrompts(job.first, job.second) }, transfer: [] };
    }
    if (job.type === 'source') {
      // From disk: the worker cannot see the editor's unsaved buffers of other files.
      const result = await analyzeSource({ ...job.input, readFile: readSourceFile, readBytes: readSourceBytes, whyUnreadable: unreadableReason });
      const length = job.input.text.length;
      const payload: SourcePayload = {
        language: result.language,
        prompts: result.prompts.map(({ call, analysis }) => ({ call, ...toPayload(analysis, editorView(analysis, length)) })),
        readFiles: result.readFiles,
        missingFiles: result.missingFiles,
        unparsedCalls: result.unparsedCalls,
      };
      const { value, transfer } = detach(payload);
      return { reply: { type: 'source', id: job.id, payload: value }, transfer };
    }
    const analysis = await analyzePrompt(job.input);
    const { value, transfer } = detach(toPayload(analysis, editorView(analysis, job.input.text.length)));
    return { reply: { type: 'analysis', id: job.id, payload: value }, transfer };
  } catch (error) {
    return { reply: { type: 'error', id: job.id, error: encodeError(error) }, transfer: [] };
  }
}
