import { opaque } from './cssColor';

/** Chart colours from VS Code's theme variables, so the chart follows light, dark and high contrast. */
export interface ThemeColors {
  foreground: string;
  grid: string;
  /** One opaque colour per overlaid session, in order, all different: its bars and lines share it. */
  sessions: readonly string[];
  predicted: string;
}

function cssVariable(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

export function readThemeColors(): ThemeColors {
  const green = cssVariable('--vscode-charts-green', '#89d185');
  const blue = cssVariable('--vscode-charts-blue', '#3794ff');
  const yellow = cssVariable('--vscode-charts-yellow', '#cca700');
  const purple = cssVariable('--vscode-charts-purple', '#b180d7');
  const orange = cssVariable('--vscode-charts-orange', '#d18616');
  const red = cssVariable('--vscode-charts-red', '#f14c4c');
  const foreground = cssVariable('--vscode-foreground', '#cccccc');
  return {
    foreground,
    grid: cssVariable('--vscode-panel-border', 'rgba(128,128,128,0.35)'),
    // Opaque: some chart colours inherit a highlight colour's transparency (see cssColor.ts).
    sessions: [blue, orange, green, purple, yellow, red].map(opaque),
    predicted: foreground,
  };
}

/** Calls back when VS Code switches theme (it changes the body's class). */
export function onThemeChange(callback: () => void): void {
  new MutationObserver(callback).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
