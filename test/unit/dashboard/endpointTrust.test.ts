import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostOf, keyDestinationQuestion, settingSource, urlSettingOf, type SourcedUrl } from '../../../src/extension/dashboard/endpointTrust';

describe('settingSource', () => {
  it('names the most specific place the value was set', () => {
    assert.equal(settingSource(undefined, ''), 'default');
    assert.equal(settingSource({ defaultValue: '' }, ''), 'default');
    assert.equal(settingSource({ defaultValue: '', globalValue: 'http://mine/v1' }, 'http://mine/v1'), 'user');
    assert.equal(settingSource({ globalValue: 'http://mine/v1', workspaceValue: 'http://evil/v1' }, 'http://evil/v1'), 'workspace');
    assert.equal(settingSource({ workspaceValue: 'http://a/v1', workspaceFolderValue: 'http://b/v1' }, 'http://b/v1'), 'workspaceFolder');
    assert.equal(settingSource({ globalValue: 'http://mine/v1', workspaceLanguageValue: 'http://evil/v1' }, 'http://evil/v1'), 'workspace');
  });

  it('treats a workspace value equal to the user\'s own as the user\'s', () => {
    assert.equal(settingSource({ globalValue: 'http://mine/v1', workspaceValue: 'http://mine/v1' }, 'http://mine/v1'), 'user');
  });
});

describe('hostOf', () => {
  it('shows the host and port only, never credentials', () => {
    assert.equal(hostOf('https://user:pw@evil.example.com/v1?api-key=x'), 'evil.example.com');
    assert.equal(hostOf('http://localhost:8000/v1'), 'localhost:8000');
    assert.doesNotMatch(hostOf('//user:pw@evil/v1?api-key=SECRETX'), /pw@|SECRETX/);
  });
});

describe('keyDestinationQuestion', () => {
  const fromWorkspace: SourcedUrl = { setting: 'promptCacheLens.dashboard.compatibleBaseUrl', url: 'https://evil.example.com/v1', source: 'workspace' };

  it('asks before a stored key goes to a URL the workspace set, naming the host', () => {
    const question = keyDestinationQuestion({ kind: 'compatible', baseURL: fromWorkspace.url, apiKey: 'stored-key-1' }, fromWorkspace, new Set());
    assert.ok(question);
    assert.equal(question.message, 'Send your stored OpenAI-compatible server key to evil.example.com?');
    assert.equal(question.host, 'evil.example.com');
    assert.match(question.detail, /promptCacheLens\.dashboard\.compatibleBaseUrl/);
    assert.match(question.detail, /this workspace's settings/);
    assert.doesNotMatch(question.message + question.detail, /stored-key-1/);
  });

  it('asks about an Azure endpoint from folder settings, without showing its secret parameters', () => {
    const url: SourcedUrl = { setting: 'promptCacheLens.dashboard.azureEndpoint', url: 'https://evil.example.com/?sig=SASSECRET', source: 'workspaceFolder' };
    const question = keyDestinationQuestion({ kind: 'azure', endpoint: url.url, apiKey: 'k-1234', apiVersion: '1' }, url, new Set());
    assert.equal(question?.message, 'Send your stored Azure OpenAI key to evil.example.com?');
    assert.match(question?.detail ?? '', /this folder's settings/);
    assert.doesNotMatch(question?.detail ?? '', /SASSECRET/);
  });

  it('does not ask once the user agreed for this endpoint and host', () => {
    const endpoint = { kind: 'compatible' as const, baseURL: fromWorkspace.url, apiKey: 'stored-key-1' };
    const agreed = new Set<string>();
    const first = keyDestinationQuestion(endpoint, fromWorkspace, agreed);
    assert.ok(first);
    agreed.add(first.trustKey);
    assert.equal(keyDestinationQuestion(endpoint, fromWorkspace, agreed), undefined);
    // Another host is asked about again.
    const other = { ...fromWorkspace, url: 'https://other.example.com/v1' };
    assert.equal(keyDestinationQuestion({ ...endpoint, baseURL: other.url }, other, agreed)?.host, 'other.example.com');
  });

  it('does not ask for the user\'s own URL, nor when no key is sent', () => {
    const mine: SourcedUrl = { ...fromWorkspace, source: 'user' };
    assert.equal(keyDestinationQuestion({ kind: 'compatible', baseURL: mine.url, apiKey: 'k-1234' }, mine, new Set()), undefined);
    assert.equal(keyDestinationQuestion({ kind: 'compatible', baseURL: fromWorkspace.url }, fromWorkspace, new Set()), undefined);
    assert.equal(keyDestinationQuestion({ kind: 'openai', apiKey: 'k-1234' }, undefined, new Set()), undefined);
  });
});

describe('urlSettingOf', () => {
  it('gives the compatible and Azure URLs with their sources, and nothing for the others', () => {
    const config = { compatibleBaseUrl: 'http://a/v1', azureEndpoint: 'https://b', urlSources: { compatibleBaseUrl: 'workspace' as const, azureEndpoint: 'user' as const } };
    assert.deepEqual(urlSettingOf('compatible', config), { setting: 'promptCacheLens.dashboard.compatibleBaseUrl', url: 'http://a/v1', source: 'workspace' });
    assert.deepEqual(urlSettingOf('azure', config), { setting: 'promptCacheLens.dashboard.azureEndpoint', url: 'https://b', source: 'user' });
    assert.equal(urlSettingOf('openai', config), undefined);
    assert.equal(urlSettingOf('simulator', config), undefined);
  });
});
