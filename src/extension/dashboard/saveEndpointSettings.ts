import * as vscode from 'vscode';
import { DASHBOARD_SECTION, type DashboardConfig } from './dashboardConfig';

const FIELDS = ['compatibleBaseUrl', 'azureEndpoint', 'azureDeployment', 'azureApiVersion'] as const;

/**
 * Writes the changed fields to the user's settings. Returns the names of fields a workspace
 * setting still overrides (the user then has to change `.vscode/settings.json`).
 */
export async function saveEndpointSettings(config: DashboardConfig, merged: DashboardConfig): Promise<string[]> {
  const section = vscode.workspace.getConfiguration(DASHBOARD_SECTION);
  for (const field of FIELDS) {
    if (merged[field] !== config[field]) await section.update(field, merged[field], vscode.ConfigurationTarget.Global);
  }
  const after = vscode.workspace.getConfiguration(DASHBOARD_SECTION);
  return FIELDS.filter((field) => (after.get<string>(field, '') ?? '').trim() !== merged[field]).map((field) => `${DASHBOARD_SECTION}.${field}`);
}
