export { runSession, describeSession, type SessionOptions, type SessionResult } from './session';
export { substitutePiece, substituteRequest, defaultRow, type VariableRow } from './template';
export { chatBody, responsesBody, anthropicBody, responsesInput } from './requestBodies';
export { readChatUsage, readResponsesUsage, readAnthropicUsage, type UsageFigures } from './usage';
export { endpointSecrets, isSecretParam, redactText, redactUrl, redactValue, REDACTED, SecretRedactor, urlSecrets } from './redact';
export { classifyError, type ClassifiedError } from './errors';
export { endpointLabel } from './endpointLabel';
export { checkConnection, type ConnectionCheck } from './connectionCheck';
export { CachePredictor, type Prediction } from './prediction';
export { anthropicTargetOf } from './anthropicCall';
export type {
  ApiChoice,
  EndpointConfig,
  EndpointKind,
  FailedAttempt,
  ProgressEvent,
  PerRequestValuesMode,
  PromptCacheKeyMode,
  ResponsesState,
  RunCost,
  RunErrorKind,
  RunOutcome,
  RunRecord,
  RunSettings,
  SessionHeader,
} from './types';
