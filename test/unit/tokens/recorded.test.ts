import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { resolveModel } from '../../../src/core/tokens/models';
import { renderRequest } from '../../../src/core/tokens/render';
import { loadTokenizer } from '../../../src/core/tokens/tokenizer';
import { requestFromValue } from './helpers';

interface RecordedFixture {
  source: string;
  model: string;
  request: unknown;
  usage: { prompt_tokens: number };
  knownDifference?: { tokens: number; reason: string };
}

const dir = join(__dirname, '..', '..', 'fixtures', 'recorded');
const fixtures = readdirSync(dir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({ name, fixture: JSON.parse(readFileSync(join(dir, name), 'utf8')) as RecordedFixture }));

describe('counts equal recorded usage.prompt_tokens', () => {
  test('there are enough recorded pairs, with and without tools, for both encodings', () => {
    assert.ok(fixtures.length >= 8);
    const withTools = fixtures.filter(({ fixture }) => {
      const request = fixture.request as { tools?: unknown[]; functions?: unknown[] };
      return (request.tools ?? request.functions ?? []).length > 0;
    });
    assert.ok(withTools.length >= 8);
    const encodings = new Set(fixtures.map(({ fixture }) => resolveModel(fixture.model).encoding));
    assert.deepEqual([...encodings].sort(), ['cl100k_base', 'o200k_base']);
    for (const { fixture } of fixtures) assert.ok(fixture.source.length > 10, 'every pair names its source');
  });

  for (const { name, fixture } of fixtures) {
    test(`${name} (${fixture.model}): ${fixture.usage.prompt_tokens} tokens`, async () => {
      const resolved = resolveModel(fixture.model);
      const tokenizer = await loadTokenizer(resolved.encoding);
      const rendered = renderRequest(requestFromValue(fixture.request), tokenizer, resolved);
      const expected = fixture.usage.prompt_tokens + (fixture.knownDifference?.tokens ?? 0);
      assert.equal(rendered.total, expected);
      assert.equal(rendered.ids.length, rendered.total);
      if (fixture.knownDifference) {
        assert.equal(rendered.estimate, true, 'a request we cannot match is reported as an estimate');
      }
    });
  }
});
