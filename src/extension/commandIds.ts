/** Every command id the extension registers, in one place (`package.json` lists the public ones). */
export const CommandIds = {
  toggleBoundary: 'promptCacheLens.toggleBoundary',
  selectModel: 'promptCacheLens.selectModel',
  countSelection: 'promptCacheLens.countSelection',
  copyAnalysisJson: 'promptCacheLens.copyAnalysisJson',
  openDashboard: 'promptCacheLens.openDashboard',
  testCaching: 'promptCacheLens.testCaching',
  explainBreak: 'promptCacheLens.explainBreak',
  showReport: 'promptCacheLens.showReport',
  showOutput: 'promptCacheLens.showOutput',
  /** Hidden from the palette: lets integration tests read the computed state. */
  internalState: 'promptCacheLens.internal.state',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
