import { anthropicTargetOf, CachePredictor, endpointLabel, type EndpointConfig } from '../../runner';

/**
 * One cache model per endpoint (host and API family), kept while the extension runs, so that a
 * session's first run is predicted warm when an earlier session sent the same prefix recently,
 * as the endpoint's cache would hold it. The simulator's models are dropped when it restarts
 * with an empty cache.
 */
export class CachePredictors {
  private readonly byEndpoint = new Map<string, CachePredictor>();

  constructor(private readonly tokenizerAssetDir?: string) {}

  for(endpoint: EndpointConfig): CachePredictor {
    const anthropic = anthropicTargetOf(endpoint) !== undefined;
    const key = `${endpoint.kind} ${endpointLabel(endpoint)} ${anthropic ? 'anthropic' : 'openai'}`;
    let predictor = this.byEndpoint.get(key);
    if (!predictor) {
      // Seed 1, as the built-in simulator is started with: both route requests alike.
      predictor = new CachePredictor(anthropic ? 'anthropic' : undefined, this.tokenizerAssetDir, 1);
      this.byEndpoint.set(key, predictor);
    }
    return predictor;
  }

  /** The simulator restarted empty: what it held is gone. */
  forgetSimulator(): void {
    for (const key of [...this.byEndpoint.keys()]) if (key.startsWith('simulator ')) this.byEndpoint.delete(key);
  }
}
