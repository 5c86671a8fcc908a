/**
 * When the extension bundle began to evaluate. `extension.ts` imports this module before any other,
 * so the bundle evaluates it first: activation time counts the loading of every module it holds.
 */
export const bundleStartMs = performance.now();
