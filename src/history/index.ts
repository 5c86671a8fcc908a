export {
  SessionStore,
  InvalidSessionIdError,
  parseSessionText,
  summarize,
  type HistoryLine,
  type SessionSummary,
  type SessionWriter,
  type StoredSession,
} from './sessionStore';
export { CSV_COLUMNS, sessionToCsv, sessionToJson } from './exporters';
