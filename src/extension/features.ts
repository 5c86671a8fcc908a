/**
 * What an editor does not need until first use: the dashboard (webview host, runner, openai SDK,
 * simulator, history) and provider counting. Built as its own bundle, `dist/features.js`, which
 * `LazyFeatures` loads on the first dashboard, key or provider-count command.
 */
export { Dashboard } from './dashboard/dashboard';
export { ProviderCounts } from './providerCounts';
