import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { detectCacheBreakers } from '../../../src/core/cache/breakers';
import { pieceSourceOffset } from '../../../src/core/cache/prompt-pieces';

/**
 * The token a breaker is placed at, by its definition: among the tokens rendered from the piece,
 * the one starting last at or before the breaker (the first such token when several start there).
 */
function tokenByScan(offsets: Int32Array, rangeStart: number, rangeEnd: number, offset: number): number {
  let best = -1;
  for (let i = 0; i < offsets.length; i++) {
    const o = offsets[i];
    if (o >= rangeStart && o <= Math.min(rangeEnd, offset) && (best < 0 || o > offsets[best])) best = i;
  }
  return best;
}

describe('token positions of cache breakers', () => {
  it('places each breaker at the token holding it, with tools written after the messages', async () => {
    const policy = Array.from({ length: 40 }, (_, i) => `Rule ${i + 1}: refunds within ${i + 10} days need a receipt.`).join('\n');
    const source = JSON.stringify(
      {
        model: 'gpt-4o',
        messages: [
          { role: 'system', content: `${policy}\nBuild 550e8400-e29b-41d4-a716-446655440000 shipped.\n${policy}\nKey sk-proj-abcdefghijklmnopqrstuvwx1234 here.` },
          { role: 'user', content: 'Hello' },
        ],
        // Rendered first, written last: token order and file order disagree.
        tools: [
          {
            type: 'function',
            function: {
              name: 'lookup',
              description: 'Looks orders up. Deployed 2024-05-01T10:30:00Z by trace 3f9a1b2c4d5e6f708192a3b4.',
              parameters: { type: 'object', properties: { id: { type: 'string' } } },
            },
          },
        ],
      },
      null,
      2,
    );
    const analysis = await analyzePrompt({ fileName: 'support.json', text: source });
    const findings = detectCacheBreakers(analysis.request, { rendered: analysis.rendered, rules: analysis.rules });
    const located = findings.filter((f) => f.pieceSpan && f.range);
    assert.deepEqual(
      located.map((f) => f.rule),
      ['dynamic-date', 'hex-id', 'uuid', 'jwt-or-key'],
    );
    for (const f of located) {
      const piece = f.pieceSpan!.piece;
      const expected = tokenByScan(analysis.rendered.sourceOffsets, piece.range!.start, piece.range!.end, pieceSourceOffset(piece, f.pieceSpan!.start));
      assert.equal(f.tokenIndex, expected, f.message);
      assert.equal(f.tokenIndexEstimated, false);
    }
    // The tools come first in the prompt, so their breakers have the lowest token indices.
    assert.ok(located[1].tokenIndex < located[2].tokenIndex);
  });
});
