import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyStore, secretName, type SecretStore } from '../../../src/extension/dashboard/keyStore';

function memory(): SecretStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    get: async (name) => values.get(name),
    store: async (name, value) => void values.set(name, value),
    delete: async (name) => void values.delete(name),
  };
}

describe('KeyStore', () => {
  it('prefers the stored key, falls back to the environment, and reports every key it hands out', async () => {
    const secrets = memory();
    const seen: string[] = [];
    const keys = new KeyStore(secrets, { OPENAI_API_KEY: ' env-openai-key ', ANTHROPIC_API_KEY: '' }, (key) => seen.push(key));
    assert.equal(await keys.get('openai'), 'env-openai-key');
    assert.equal(await keys.get('anthropic'), undefined);
    assert.equal(await keys.has('compatible'), false);
    await keys.store('openai', '  stored-openai-key\n');
    assert.equal(secrets.values.get(secretName('openai')), 'stored-openai-key');
    assert.equal(await keys.get('openai'), 'stored-openai-key');
    await keys.clear('openai');
    assert.equal(await keys.get('openai'), 'env-openai-key');
    assert.deepEqual([...new Set(seen)], ['env-openai-key', 'stored-openai-key']);
  });
});
