import * as vscode from 'vscode';
import { ENDPOINT_KINDS, type EndpointKind } from '../../shared/protocol';
import { settingSource, type SettingSource } from './endpointTrust';

/** Mirrors the `promptCacheLens.dashboard.*` settings in package.json; read through `readDashboardConfig` only. */
export interface DashboardConfig {
  /** `auto`: the provider of the file's model once its key is set, else the simulator (`automaticEndpoint`). */
  endpoint: EndpointKind | 'auto';
  /** Base URL of an OpenAI-compatible server (vLLM, llama.cpp, Ollama, OpenRouter, a proxy). */
  compatibleBaseUrl: string;
  azureEndpoint: string;
  azureDeployment: string;
  azureApiVersion: string;
  defaultRuns: number;
  maxOutputTokens: number;
  /** Where the two URLs that receive a key were set: a workspace's value needs the user's consent. */
  urlSources: { compatibleBaseUrl: SettingSource; azureEndpoint: SettingSource };
}

export const DASHBOARD_SECTION = 'promptCacheLens.dashboard';

export function readDashboardConfig(): DashboardConfig {
  const c = vscode.workspace.getConfiguration(DASHBOARD_SECTION);
  const endpoint = c.get<string>('endpoint', 'auto');
  const sourceOf = (name: string) => settingSource(c.inspect<string>(name), c.get<string>(name, ''));
  return {
    endpoint: (ENDPOINT_KINDS as readonly string[]).includes(endpoint) ? (endpoint as EndpointKind) : 'auto',
    compatibleBaseUrl: c.get<string>('compatibleBaseUrl', '').trim(),
    azureEndpoint: c.get<string>('azureEndpoint', '').trim(),
    azureDeployment: c.get<string>('azureDeployment', '').trim(),
    azureApiVersion: c.get<string>('azureApiVersion', '2025-04-01-preview').trim(),
    defaultRuns: Math.min(100, Math.max(1, Math.floor(c.get<number>('defaultRuns', 3)))),
    maxOutputTokens: Math.max(1, Math.floor(c.get<number>('maxOutputTokens', 16))),
    urlSources: { compatibleBaseUrl: sourceOf('compatibleBaseUrl'), azureEndpoint: sourceOf('azureEndpoint') },
  };
}
