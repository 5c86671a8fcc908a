import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endpointSecrets, isSecretParam, REDACTED, redactText, redactUrl, redactValue, SecretRedactor, urlSecrets } from '../../../src/runner/redact';

describe('redactUrl', () => {
  it('drops the user name and password', () => {
    assert.equal(redactUrl('http://user:PASSWORD@host.example:8080/v1'), 'http://host.example:8080/v1');
    assert.equal(redactUrl('https://ghp_tokenAsUser@proxy.example/v1'), 'https://proxy.example/v1');
  });

  it('drops secret query parameters whatever their case and keeps the others', () => {
    const cleaned = redactUrl('https://host/v1?api-key=S1&API_KEY=S2&Key=S3&token=S4&access_token=S5&sig=S6&Signature=S7&code=S8&password=S9&secret=S10&client_secret=S11&x-goog-api-key=S12&api-version=2025-04-01-preview&deployment=gpt');
    assert.equal(cleaned, 'https://host/v1?api-version=2025-04-01-preview&deployment=gpt');
  });

  it('drops a fragment that carries a token', () => {
    assert.equal(redactUrl('https://host/cb#access_token=abc&state=1'), 'https://host/cb');
    assert.equal(redactUrl('https://host/docs#section-2'), 'https://host/docs#section-2');
  });

  it('returns an ordinary URL exactly as written', () => {
    for (const url of ['http://LOCALHOST:8000/v1', 'https://my-resource.openai.azure.com', 'http://127.0.0.1:1/v1?api-version=1']) {
      assert.equal(redactUrl(url), url);
    }
  });

  it('cleans text that does not parse as a URL too', () => {
    const cleaned = redactUrl('//user:pass@host/v1?api-key=SECRETVALUE&x=1');
    assert.doesNotMatch(cleaned, /pass@|SECRETVALUE/);
    assert.match(cleaned, /x=1/);
  });

  it('knows secret parameter names and leaves ordinary ones alone', () => {
    for (const name of ['api-key', 'Api_Key', 'apikey', 'KEY', 'access_token', 'refresh-token', 'sig', 'SIGNATURE', 'code', 'password', 'secret', 'subscription-key']) {
      assert.ok(isSecretParam(name), name);
    }
    for (const name of ['api-version', 'deployment', 'model', 'format', 'q', 'page']) assert.ok(!isSecretParam(name), name);
  });
});

describe('urlSecrets and endpointSecrets', () => {
  it('finds the password, a token used as user name, and secret query values', () => {
    assert.deepEqual(urlSecrets('http://user:p%40ssword@host/v1?api-key=QUERYSECRET&v=1'), ['p%40ssword', 'p@ssword', 'QUERYSECRET']);
    assert.deepEqual(urlSecrets('https://ghp_tokenAsUser@proxy.example/v1'), ['ghp_tokenAsUser']);
    assert.deepEqual(urlSecrets('http://localhost:8000/v1'), []);
    assert.deepEqual(urlSecrets('not a url'), []);
  });

  it('lists the key first, then what the URLs carry', () => {
    const secrets = endpointSecrets({ apiKey: 'key-1234', baseURL: 'http://u:pw-secret@h/v1' });
    assert.equal(secrets[0], 'key-1234');
    assert.ok(secrets.includes('pw-secret'));
  });
});

describe('redactText', () => {
  it('replaces known keys, URL credentials in passing text, and key-shaped text', () => {
    const text = 'Request cannot be constructed from a URL that includes credentials: http://u:PASSWORD@h:1/v1?api-key=QS/chat. Key MYKEY-123 and sk-abcdefghijkl.';
    const out = redactText(text, ['MYKEY-123']);
    assert.doesNotMatch(out, /PASSWORD|QS\b|MYKEY-123|sk-abcdefghijkl/);
    assert.match(out, /http:\/\/h:1\/v1/);
    assert.match(out, /Key \[redacted\]/);
  });

  it('masks bearer tokens but keeps the words of an error message about bearer authentication', () => {
    assert.equal(redactText('Missing bearer authentication in header', []), 'Missing bearer authentication in header');
    assert.equal(redactText('Authorization: Bearer abc123def456', []), `Authorization: ${REDACTED}`);
    assert.equal(redactText('Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig', []), REDACTED);
    assert.equal(redactText('Bearer abcdefghijklmnopqrstuvwxyz', []), REDACTED);
  });

  it('replaces a key that contains another one whole', () => {
    assert.equal(redactText('abcd-long-key', ['abcd', 'abcd-long-key']), REDACTED);
  });
});

describe('redactValue works on parsed values, never on JSON text', () => {
  it('keeps numbers that contain a digit key, and keeps the structure', () => {
    const usage = { prompt_tokens: 1664, completion_tokens: 16, prompt_tokens_details: { cached_tokens: 1664 }, note: 'served 1664 tokens' };
    const out = redactValue(usage, ['1664']);
    assert.deepEqual(out, { prompt_tokens: 1664, completion_tokens: 16, prompt_tokens_details: { cached_tokens: 1664 }, note: `served ${REDACTED} tokens` });
  });

  it('redacts strings in arrays and object keys, and does not alter the input', () => {
    const input = { list: ['x KEY9876 y', 7, null, true], KEY9876: 'value' };
    const out = redactValue(input, ['KEY9876']);
    assert.deepEqual(out, { list: [`x ${REDACTED} y`, 7, null, true], [REDACTED]: 'value' });
    assert.equal(input.list[0], 'x KEY9876 y');
  });

  it('copies dates as JSON would, and never throws on a value that contains itself', () => {
    const looped: Record<string, unknown> = { name: 'loop KEY9876' };
    looped.self = looped;
    const out = redactValue<unknown>({ at: new Date(0), looped }, ['KEY9876']) as { at: string; looped: Record<string, unknown> };
    assert.equal(out.at, '1970-01-01T00:00:00.000Z');
    assert.equal(out.looped.name, `loop ${REDACTED}`);
    assert.equal(out.looped.self, undefined);
  });

  it('passes null, undefined and numbers through', () => {
    assert.equal(redactValue(null, ['abcd']), null);
    assert.equal(redactValue(undefined, ['abcd']), undefined);
    assert.equal(redactValue(1664, ['1664']), 1664);
  });
});

describe('SecretRedactor', () => {
  it('collects secrets as they are seen and ignores ones too short to search for', () => {
    const redactor = new SecretRedactor();
    redactor.add('abc', undefined, '  key/with+chars  ');
    assert.equal(redactor.text('abc key/with+chars key%2Fwith%2Bchars'), `abc ${REDACTED} ${REDACTED}`);
    assert.deepEqual(redactor.value({ n: 1, s: 'key/with+chars' }), { n: 1, s: REDACTED });
  });
});
