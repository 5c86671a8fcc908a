import { resolveModel } from './models';
import { loadTokenizer, type LoadTokenizerOptions } from './tokenizer';

/** Tokens in a plain text for a model (o200k_base when the model is unknown or absent). */
export async function countText(text: string, model?: string, options?: LoadTokenizerOptions): Promise<number> {
  const tokenizer = await loadTokenizer(resolveModel(model).encoding, options);
  return tokenizer.count(text);
}
