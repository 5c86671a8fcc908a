import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonOutput } from '../../../src/cli/jsonOutput';

describe('JSON the command line prints', () => {
  it('prints money without floating-point artifacts, and leaves other numbers as they are', () => {
    const text = jsonOutput({ cost: { cachedUsdPerRequest: 0.0023515, cachedUsdPer1000: 0.0023515 * 1000, firstRequestUsd: 1e-12 }, ratio: 0.1 + 0.2, findings: [{ savingUsdPer1000IfFixed: 0.1 + 0.2 }] });
    assert.match(text, /"cachedUsdPer1000": 2\.3515,?\n/);
    assert.match(text, /"cachedUsdPerRequest": 0\.0023515,?\n/);
    assert.match(text, /"savingUsdPer1000IfFixed": 0\.3\n/);
    assert.match(text, /"firstRequestUsd": 0\n/);
    assert.match(text, /"ratio": 0\.30000000000000004,?\n/);
    assert.ok(text.endsWith('}\n'));
  });
});
