/**
 * The engine's prediction for each run: the body actually sent is read and rendered exactly as the
 * simulated endpoint reads it, and its token ids go through the same cache model, at the time the
 * run starts. Against the simulator prediction and measurement must agree; against a real endpoint
 * the difference is what the dashboard shows.
 */
import { CacheSimulator } from '../core/cache/simulate';
import type { CacheProvider } from '../core/cache/rules';
import { tokensOfBody, type BodyFormat } from '../simulator/promptIds';

export interface Prediction {
  promptTokens: number;
  cachedTokens: number;
}

export class CachePredictor {
  private readonly cache: CacheSimulator;

  constructor(
    private readonly provider: CacheProvider | undefined,
    private readonly tokenizerAssetDir?: string,
    seed = 1,
  ) {
    this.cache = new CacheSimulator({ seed });
  }

  /** Null when the body cannot be rendered (an unusual prompt the renderer rejects). */
  async predict(body: Record<string, unknown>, format: BodyFormat, model: string, timeMs: number): Promise<Prediction | null> {
    try {
      const tokens = await tokensOfBody(body, format, model, this.tokenizerAssetDir);
      const result = this.cache.submit({
        ids: tokens.rendered.ids,
        model,
        provider: this.provider,
        timeMs,
        promptCacheKey: typeof body.prompt_cache_key === 'string' ? body.prompt_cache_key : undefined,
        retention: typeof body.prompt_cache_retention === 'string' ? body.prompt_cache_retention : undefined,
        breakpoints: tokens.breakpoints,
        ...(tokens.blockEnds ? { blockEnds: tokens.blockEnds } : {}),
      });
      return { promptTokens: result.promptTokens, cachedTokens: result.cachedTokens };
    } catch {
      return null;
    }
  }
}
