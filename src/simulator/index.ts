export { startSimulator } from './server';
export { runSimulatorCli, parseSimulatorArgs, type SimulatorCliIo } from './cli';
export { tokensOfBody, type BodyFormat, type BodyTokens } from './promptIds';
export { assistantItem, inputItems, type InputItem } from './conversations';
export {
  DEFAULT_SIMULATED_MODELS,
  SIMULATED_FINGERPRINT,
  SIMULATED_FLAG_HEADER,
  SIMULATED_HEADER,
  type CachedTokensReporting,
  type FaultOptions,
  type FaultTrigger,
  type RunningSimulator,
  type SimulatorServerOptions,
} from './options';
