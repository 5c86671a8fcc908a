import * as vscode from 'vscode';

/** `promptCacheLens.providerCounting.endpoint`. */
export type CountingChoice = 'auto' | 'openai' | 'anthropic' | 'simulator';
export const COUNTING_CHOICES: readonly CountingChoice[] = ['auto', 'openai', 'anthropic', 'simulator'];

/** Mirrors `contributes.configuration` in package.json; read through `readConfig` only. */
export interface LensConfig {
  /** Glob patterns of files treated as prompt files. */
  filePatterns: string[];
  /** Treat any JSON file whose content is an OpenAI/Anthropic request as a prompt file. */
  detectJsonRequests: boolean;
  defaultModel: string;
  /** Cache rules for models the extension does not recognise. */
  defaultProvider: 'openai' | 'anthropic' | 'gemini';
  decorationsEnabled: boolean;
  /** `full` tints the prefix and the tail; `markers` draws only the boundary and labels. */
  decorationStyle: 'full' | 'markers';
  /** Show token counts at each message and tool. */
  inlineCounts: boolean;
  debounceMs: number;
  maxFileSizeMB: number;
  /** USD per 1M tokens, keyed by model prefix. */
  priceOverrides: Record<string, { input?: number; cachedInput?: number; output?: number; cacheWrite?: number }>;
  /** Ask the provider's free counting endpoint after each analysis, and which endpoint. */
  providerCounting: { enabled: boolean; endpoint: CountingChoice };
}

export const CONFIG_SECTION = 'promptCacheLens';

function providerSetting(value: string): LensConfig['defaultProvider'] {
  return value === 'anthropic' || value === 'gemini' ? value : 'openai';
}

function countingChoice(value: string): CountingChoice {
  return (COUNTING_CHOICES as readonly string[]).includes(value) ? (value as CountingChoice) : 'auto';
}

export function readConfig(): LensConfig {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION);
  return {
    filePatterns: c.get<string[]>('filePatterns', []),
    detectJsonRequests: c.get<boolean>('detectJsonRequests', true),
    defaultModel: c.get<string>('defaultModel', 'gpt-4o'),
    defaultProvider: providerSetting(c.get<string>('defaultProvider', 'openai')),
    decorationsEnabled: c.get<boolean>('decorations.enabled', true),
    decorationStyle: c.get<string>('decorations.style', 'full') === 'markers' ? 'markers' : 'full',
    inlineCounts: c.get<boolean>('inlineCounts', true),
    debounceMs: Math.max(0, c.get<number>('debounceMs', 250)),
    maxFileSizeMB: Math.max(0.001, c.get<number>('maxFileSizeMB', 20)),
    priceOverrides: c.get<LensConfig['priceOverrides']>('priceOverrides', {}),
    providerCounting: {
      enabled: c.get<boolean>('providerCounting.enabled', false),
      endpoint: countingChoice(c.get<string>('providerCounting.endpoint', 'auto')),
    },
  };
}
