/**
 * The work the analysis worker does, and the messages it exchanges with the extension host. Kept
 * apart from the worker's entry so the same code runs (and is tested) on any thread.
 */
import { analyzePrompt, type AnalyzeInput } from './analyze';
import { detach, encodeError, toPayload, type DetachedValue, type EncodedError } from './analysisTransfer';
import { editorView } from './editorView';
import type { EncodingName } from './tokens/rendered';
import { loadTokenizer } from './tokens/tokenizer';

export type AnalysisJob =
  /** The whole analysis of a file, and what the editor draws for it. */
  | { type: 'analyze'; id: number; input: AnalyzeInput }
  /** Tokens in a piece of text (a selection). */
  | { type: 'count'; id: number; text: string; encoding: EncodingName; assetDir?: string };

export type AnalysisReply =
  | { type: 'analysis'; id: number; payload: DetachedValue }
  | { type: 'count'; id: number; count: number }
  | { type: 'error'; id: number; error: EncodedError };

/** Runs one job; the reply comes with the buffers to transfer. */
export async function runJob(job: AnalysisJob): Promise<{ reply: AnalysisReply; transfer: ArrayBuffer[] }> {
  try {
    if (job.type === 'count') {
      const tokenizer = await loadTokenizer(job.encoding, { assetDir: job.assetDir });
      return { reply: { type: 'count', id: job.id, count: tokenizer.count(job.text) }, transfer: [] };
    }
    const analysis = await analyzePrompt(job.input);
    const { value, transfer } = detach(toPayload(analysis, editorView(analysis, job.input.text.length)));
    return { reply: { type: 'analysis', id: job.id, payload: value }, transfer };
  } catch (error) {
    return { reply: { type: 'error', id: job.id, error: encodeError(error) }, transfer: [] };
  }
}
