/** Every command id the extension registers, in one place (`package.json` lists the public ones). */
export const CommandIds = {
  toggleBoundary: 'promptCacheLens.toggleBoundary',
  selectModel: 'promptCacheLens.selectModel',
  countSelection: 'promptCacheLens.countSelection',
  copyAnalysisJson: 'promptCacheLens.copyAnalysisJson',
  openDashboard: 'promptCacheLens.openDashboard',
  testCaching: 'promptCacheLens.testCaching',
  setApiKey: 'promptCacheLens.setApiKey',
  clearApiKey: 'promptCacheLens.clearApiKey',
  explainBreak: 'promptCacheLens.explainBreak',
  showReport: 'promptCacheLens.showReport',
  showOutput: 'promptCacheLens.showOutput',
  countWithProvider: 'promptCacheLens.countWithProvider',
  /** Hidden from the palette: the link of a diagnostic's rule code (takes the rule id). */
  showRuleHelp: 'promptCacheLens.showRuleHelp',
  /** Hidden from the palette: lets integration tests read the computed state. */
  internalState: 'promptCacheLens.internal.state',
  /** Hidden from the palette: lets integration tests drive and read the dashboard. */
  internalDashboard: 'promptCacheLens.internal.dashboard',
} as const;

/** The dashboard's webview type (`onWebviewPanel:` activation and the panel serializer). */
export const DASHBOARD_VIEW_TYPE = 'promptCacheLens.dashboard';

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
