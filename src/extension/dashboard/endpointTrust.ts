/**
 * Whether a stored key may go to a URL. A workspace's `.vscode/settings.json` is part of the
 * repository, so a URL set there could route the user's key to the repository author's server: such
 * a URL gets the key only after the user confirmed its host (once per endpoint and host, for the VS
 * Code session). URLs from the user's own settings are trusted. Free of `vscode` for the tests.
 */
import { redactUrl } from '../../runner/redact';
import type { EndpointConfig } from '../../runner/types';
import type { DashboardConfig } from './dashboardConfig';
import { ENDPOINT_LABELS } from './keyStore';

/** Where a setting's value comes from, most specific last. */
export type SettingSource = 'default' | 'user' | 'workspace' | 'workspaceFolder';

/** The fields of `WorkspaceConfiguration.inspect()` that say where a value was set. */
export interface InspectedSetting<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
  defaultLanguageValue?: T;
  globalLanguageValue?: T;
  workspaceLanguageValue?: T;
  workspaceFolderLanguageValue?: T;
}

/**
 * The source of the value in effect. A workspace that repeats the user's own value is not trusted
 * less for it: the value is then the user's.
 */
export function settingSource<T>(inspected: InspectedSetting<T> | undefined, effective: T): SettingSource {
  if (!inspected) return 'default';
  // VS Code's precedence: language-specific values first, then folder, workspace, user.
  const layers: [T | undefined, SettingSource][] = [
    [inspected.workspaceFolderLanguageValue, 'workspaceFolder'],
    [inspected.workspaceLanguageValue, 'workspace'],
    [inspected.globalLanguageValue, 'user'],
    [inspected.workspaceFolderValue, 'workspaceFolder'],
    [inspected.workspaceValue, 'workspace'],
    [inspected.globalValue, 'user'],
  ];
  const source = layers.find(([value]) => value !== undefined)?.[1] ?? 'default';
  const userValue = inspected.globalLanguageValue ?? inspected.globalValue;
  if (source !== 'user' && source !== 'default' && userValue !== undefined && userValue === effective) return 'user';
  return source;
}

/** A URL setting, with where its value came from. */
export interface SourcedUrl {
  /** The setting's full name, to tell the user where to look. */
  setting: string;
  url: string;
  source: SettingSource;
}

/** The URL setting an endpoint kind is sent to, if it has one. */
export function urlSettingOf(kind: EndpointConfig['kind'], config: Pick<DashboardConfig, 'compatibleBaseUrl' | 'azureEndpoint' | 'urlSources'>): SourcedUrl | undefined {
  if (kind === 'compatible') return { setting: 'promptCacheLens.dashboard.compatibleBaseUrl', url: config.compatibleBaseUrl, source: config.urlSources.compatibleBaseUrl };
  if (kind === 'azure') return { setting: 'promptCacheLens.dashboard.azureEndpoint', url: config.azureEndpoint, source: config.urlSources.azureEndpoint };
  return undefined;
}

/** The host (and port) a URL points at, for the user to judge; the text itself when not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return redactUrl(url);
  }
}

export interface KeyDestinationQuestion {
  /** Remembered once the user agrees. */
  trustKey: string;
  host: string;
  message: string;
  detail: string;
}

/**
 * The question to ask before the endpoint's key goes to a URL the workspace chose; undefined when
 * no key is sent, the URL is the user's own, or the user already agreed for this host.
 */
export function keyDestinationQuestion(endpoint: EndpointConfig, url: SourcedUrl | undefined, agreed: ReadonlySet<string>): KeyDestinationQuestion | undefined {
  if (endpoint.kind === 'simulator' || !endpoint.apiKey || !url) return undefined;
  if (url.source === 'user' || url.source === 'default') return undefined;
  const host = hostOf(url.url);
  const trustKey = `${endpoint.kind} ${host}`;
  if (agreed.has(trustKey)) return undefined;
  const where = url.source === 'workspaceFolder' ? "this folder's settings" : "this workspace's settings";
  return {
    trustKey,
    host,
    message: `Send your stored ${ENDPOINT_LABELS[endpoint.kind]} key to ${host}?`,
    detail:
      `${url.setting} is set to ${redactUrl(url.url)} in ${where}, not in your user settings. ` +
      'Anyone who can change this workspace can point it at their own server. Send the key only if you trust this host.',
  };
}
