/** The endpoint fields the dashboard edits, read from and merged into the settings. Free of `vscode` for the tests. */
import { redactUrl } from '../../runner/redact';
import type { EndpointSettings } from '../../shared/protocol';
import type { DashboardConfig } from './dashboardConfig';

/** The panel's fields from the settings; URLs shown without their credentials. */
export function endpointSettingsOf(config: DashboardConfig): EndpointSettings {
  return {
    compatibleBaseUrl: redactUrl(config.compatibleBaseUrl),
    azureEndpoint: redactUrl(config.azureEndpoint),
    azureDeployment: config.azureDeployment,
    azureApiVersion: config.azureApiVersion,
  };
}

/**
 * The settings as the panel edited them. A URL that comes back as it was shown (its credentials
 * redacted) keeps the stored value, so editing another field never loses a password. A value the
 * user typed in the panel is theirs: it needs no consent, unlike one from a workspace.
 */
export function mergeEndpointSettings(config: DashboardConfig, edited: EndpointSettings): DashboardConfig {
  const url = (stored: string, typed: string) => {
    const value = typed.trim();
    return value === redactUrl(stored) ? stored : value;
  };
  const compatibleBaseUrl = url(config.compatibleBaseUrl, edited.compatibleBaseUrl);
  const azureEndpoint = url(config.azureEndpoint, edited.azureEndpoint);
  return {
    ...config,
    compatibleBaseUrl,
    azureEndpoint,
    azureDeployment: edited.azureDeployment.trim(),
    azureApiVersion: edited.azureApiVersion.trim() || config.azureApiVersion,
    urlSources: {
      compatibleBaseUrl: compatibleBaseUrl === config.compatibleBaseUrl ? config.urlSources.compatibleBaseUrl : 'user',
      azureEndpoint: azureEndpoint === config.azureEndpoint ? config.urlSources.azureEndpoint : 'user',
    },
  };
}

/**
 * The settings a run or a connection check uses: the stored ones with the panel's fields, when the
 * message carries them, as typed (so Run reaches the server Test connection reached).
 */
export function settingsForRequest(config: DashboardConfig, message: { settings?: EndpointSettings }): DashboardConfig {
  return message.settings ? mergeEndpointSettings(config, message.settings) : config;
}
