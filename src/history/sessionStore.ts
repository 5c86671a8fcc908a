/**
 * Test sessions on disk, one JSON-lines file per session in a directory the caller owns: a header
 * line, then one line per run written as the run completes, then an end line. Each line goes out in
 * a single append, so a crash loses at most the line being written; reading tolerates that torn last
 * line. The file is synced to disk when the session closes, not after every line (runs are cheap to
 * lose one of, slow to fsync each).
 *
 * Every line is redacted before it is written (URL credentials, key-shaped text, the keys the owner
 * knows), and again when read, so files written by older versions never show a secret either.
 */
import { mkdir, open, readdir, readFile, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { redactValue } from '../runner/redact';
import type { RunRecord, SessionHeader } from '../runner/types';

export type HistoryLine =
  | ({ type: 'session' } & SessionHeader)
  | ({ type: 'run' } & RunRecord)
  | { type: 'end'; finishedAt: string; cancelled: boolean };

export interface StoredSession {
  header: SessionHeader;
  runs: RunRecord[];
  /** Present once the session closed normally. */
  end?: { finishedAt: string; cancelled: boolean };
  /** The last line was cut off (the process stopped mid-write) and was left out. */
  truncated: boolean;
  /** Damaged lines elsewhere in the file, left out. */
  skippedLines: number;
}

export interface SessionSummary {
  sessionId: string;
  createdAt: string;
  promptFile?: string;
  model: string;
  endpointKind: string;
  simulated: boolean;
  runs: number;
  /** Runs sent that failed (runs not sent are counted apart). */
  failedRuns: number;
  /** Runs never sent: the session stopped after a refused key or a server failing every attempt. */
  notSentRuns: number;
  /** Sum of cached over sum of prompt tokens of runs that reported both; null when none did. */
  hitRate: number | null;
  finished: boolean;
  /** Every setting that changes what the cache does, so two sessions can be told apart. */
  settings: SessionSettingsSummary;
}

export interface SessionSettingsSummary {
  api: string;
  /** Where the requests went, without credentials (absent for the endpoint's default host). */
  baseURL?: string;
  deployment?: string;
  responsesState?: string;
  promptCacheKeyMode?: string;
  promptCacheKey?: string;
  promptCacheRetention?: string;
  stream: boolean;
  delayMs?: number;
  concurrency?: number;
  maxOutputTokens?: number;
  /** Rows of variable values the runs cycled through (0: the prompt's own defaults). */
  variableRows: number;
  /** `vary` or `as-written`; absent in sessions from before it was a setting (they sent the values as written). */
  perRequestValues?: string;
  /** How many per-request values the runs sent fresh (their labels, counted once); absent when none. */
  variedValues?: number;
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
const EXTENSION = '.jsonl';

export class InvalidSessionIdError extends Error {}

export interface SessionWriter {
  readonly sessionId: string;
  append(record: RunRecord): Promise<void>;
  /** Writes the end line and syncs the file. */
  close(cancelled?: boolean): Promise<void>;
}

export class SessionStore {
  constructor(
    readonly directory: string,
    private readonly clock: () => number = Date.now,
    /** The keys known now (read at every write and read, since keys are learnt as they are used). */
    private readonly secrets: () => readonly string[] = () => [],
  ) {}

  private fileOf(sessionId: string): string {
    // Ids become file names: nothing that could leave the directory.
    if (!ID_PATTERN.test(sessionId)) throw new InvalidSessionIdError(`Invalid session id: ${sessionId}`);
    return join(this.directory, `${sessionId}${EXTENSION}`);
  }

  async create(header: SessionHeader): Promise<SessionWriter> {
    await mkdir(this.directory, { recursive: true });
    const handle: FileHandle = await open(this.fileOf(header.sessionId), 'a');
    const writeLine = async (line: HistoryLine) => {
      await handle.write(`${JSON.stringify(redactValue(line, this.secrets()))}\n`);
    };
    await writeLine({ type: 'session', ...header });
    // Appends are chained so lines never interleave when runs finish together.
    let queue: Promise<void> = Promise.resolve();
    let closed = false;
    return {
      sessionId: header.sessionId,
      append: (record) => {
        if (closed) return Promise.reject(new Error('Session already closed'));
        queue = queue.then(() => writeLine({ type: 'run', ...record }));
        return queue;
      },
      close: async (cancelled = false) => {
        if (closed) return;
        closed = true;
        await queue.catch(() => undefined);
        await writeLine({ type: 'end', finishedAt: new Date(this.clock()).toISOString(), cancelled });
        await handle.datasync();
        await handle.close();
      },
    };
  }

  async read(sessionId: string): Promise<StoredSession> {
    const text = await readFile(this.fileOf(sessionId), 'utf8');
    return redactValue(parseSessionText(text), this.secrets());
  }

  /** Newest first. Files that cannot be read as sessions are skipped. */
  async list(): Promise<SessionSummary[]> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const summaries: SessionSummary[] = [];
    for (const name of names) {
      if (!name.endsWith(EXTENSION)) continue;
      const id = name.slice(0, -EXTENSION.length);
      if (!ID_PATTERN.test(id)) continue;
      try {
        summaries.push(summarize(await this.read(id)));
      } catch {
        // A file without a readable header is not a session.
      }
    }
    return summaries.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async delete(sessionId: string): Promise<boolean> {
    const file = this.fileOf(sessionId);
    try {
      await stat(file);
    } catch {
      return false;
    }
    await rm(file);
    return true;
  }
}

/** Reads a session file's text; throws when the header line is missing or damaged. */
export function parseSessionText(text: string): StoredSession {
  const lines = text.split('\n');
  const endsCleanly = text.endsWith('\n');
  let header: SessionHeader | undefined;
  const runs: RunRecord[] = [];
  let end: StoredSession['end'];
  let truncated = false;
  let skippedLines = 0;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let parsed: HistoryLine;
    try {
      parsed = JSON.parse(line) as HistoryLine;
    } catch {
      const isLast = i === lines.length - 1 || (i === lines.length - 2 && lines[lines.length - 1] === '');
      if (isLast && !endsCleanly) truncated = true;
      else skippedLines++;
      return;
    }
    if (parsed.type === 'session') {
      const { type: _type, ...rest } = parsed;
      header = rest;
    } else if (parsed.type === 'run') {
      const { type: _type, ...rest } = parsed;
      runs.push(rest);
    } else if (parsed.type === 'end') {
      end = { finishedAt: parsed.finishedAt, cancelled: parsed.cancelled };
    }
  });
  if (!header) throw new Error('Not a session file: the header line is missing or damaged');
  runs.sort((a, b) => a.index - b.index);
  return { header, runs, ...(end ? { end } : {}), truncated, skippedLines };
}

export function summarize(session: StoredSession): SessionSummary {
  let cached = 0;
  let prompt = 0;
  for (const run of session.runs) {
    if (run.cachedTokens === null || run.promptTokens === null) continue;
    cached += run.cachedTokens;
    prompt += run.promptTokens;
  }
  const { header } = session;
  return {
    sessionId: header.sessionId,
    createdAt: header.createdAt,
    ...(header.promptFile ? { promptFile: header.promptFile } : {}),
    model: header.settings.model,
    endpointKind: header.endpoint.kind,
    simulated: header.simulated,
    runs: session.runs.length,
    failedRuns: session.runs.filter((r) => r.outcome.status === 'error' && r.outcome.kind !== 'not-sent').length,
    notSentRuns: session.runs.filter((r) => r.outcome.status === 'error' && r.outcome.kind === 'not-sent').length,
    hitRate: prompt > 0 ? cached / prompt : null,
    finished: session.end !== undefined,
    settings: settingsSummary(header, session.runs),
  };
}

function settingsSummary(header: SessionHeader, runs: readonly RunRecord[]): SessionSettingsSummary {
  const s = header.settings;
  const varied = new Set(runs.flatMap((run) => Object.keys(run.perRequestValues ?? {})));
  const anthropic = header.endpoint.kind === 'anthropic' || header.endpoint.protocol === 'anthropic';
  return {
    api: anthropic ? 'messages' : s.api,
    ...(header.endpoint.baseURL ? { baseURL: header.endpoint.baseURL } : {}),
    ...(header.endpoint.deployment ? { deployment: header.endpoint.deployment } : {}),
    ...(s.api === 'responses' && !anthropic ? { responsesState: s.responsesState ?? 'independent' } : {}),
    ...(s.promptCacheKeyMode ? { promptCacheKeyMode: s.promptCacheKeyMode } : {}),
    ...(s.promptCacheKey ? { promptCacheKey: s.promptCacheKey } : {}),
    ...(s.promptCacheRetention ? { promptCacheRetention: s.promptCacheRetention } : {}),
    stream: s.stream ?? false,
    ...(s.delayMs !== undefined ? { delayMs: s.delayMs } : {}),
    ...(s.concurrency !== undefined ? { concurrency: s.concurrency } : {}),
    ...(s.maxOutputTokens !== undefined ? { maxOutputTokens: s.maxOutputTokens } : {}),
    variableRows: s.variableRows?.length ?? 0,
    ...(s.perRequestValues ? { perRequestValues: s.perRequestValues } : {}),
    ...(varied.size > 0 ? { variedValues: varied.size } : {}),
  };
}
