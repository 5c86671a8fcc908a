import type { Role, SourceRange, TextPiece } from '../model';
import { slicePiece, trimPiece } from './textPiece';

/** One message of a body split at role lines. */
export interface RoleSection {
  role: Role;
  /** The role line, or null for text before the first role line. */
  roleRange: SourceRange | null;
  /** Message text, trimmed, as a slice of the source. */
  content: TextPiece;
  /** From the role line to the end of the content. */
  range: SourceRange;
}

/**
 * Role lines as Prompty defines them (spec §2.10): `system:`, `user:`, `assistant:` alone on a
 * line, case-insensitive, optionally after `#` and with `[key=value]` attributes before the colon.
 */
const PROMPTY_ROLE_LINE = /^[ \t]*(?:#+[ \t]*)?(system|user|assistant)[ \t]*(?:\[[^\]\n]*\])?[ \t]*:[ \t]*\r?$/gim;

/**
 * Plain prompt text also accepts Dotprompt's markers: `{{role "user"}}` in templates and
 * `<<<dotprompt:role:user>>>` in rendered or hand-written files (google/dotprompt).
 */
const PLAIN_ROLE_LINE =
  /^[ \t]*(?:(?:#+[ \t]*)?(system|user|assistant)[ \t]*(?:\[[^\]\n]*\])?[ \t]*:|<<<dotprompt:role:(system|user|model)>>>|\{\{\s*role\s+["'](system|user|model)["']\s*\}\})[ \t]*\r?$/gim;

export type RoleMarkerDialect = 'prompty' | 'plain';

const ROLE_LINES: Record<RoleMarkerDialect, RegExp> = { prompty: PROMPTY_ROLE_LINE, plain: PLAIN_ROLE_LINE };

const ROLE_BY_NAME: Record<string, Role> = { system: 'system', user: 'user', assistant: 'assistant', model: 'assistant' };

/** Whether a body uses role lines at all. */
export function hasRoleMarkers(text: string, start: number, end: number, dialect: RoleMarkerDialect): boolean {
  const pattern = ROLE_LINES[dialect];
  pattern.lastIndex = 0;
  return pattern.test(text.slice(start, end));
}

/**
 * Splits source[start, end) into messages. Text before the first role line becomes a message
 * with `leadingRole` (Prompty: system). Empty messages are dropped, as the renderers do.
 */
export function splitByRoleMarkers(
  source: string,
  start: number,
  end: number,
  leadingRole: Role,
  dialect: RoleMarkerDialect,
): RoleSection[] {
  const body = source.slice(start, end);
  const markers: { role: Role; lineStart: number; lineEnd: number }[] = [];
  const pattern = ROLE_LINES[dialect];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(body); m; m = pattern.exec(body)) {
    const lineEnd = start + m.index + m[0].replace(/\r$/, '').length;
    const name = (m[1] ?? m[2] ?? m[3]).toLowerCase();
    markers.push({ role: ROLE_BY_NAME[name], lineStart: start + m.index, lineEnd });
  }
  const sections: RoleSection[] = [];
  const firstMarker = markers.length > 0 ? markers[0].lineStart : end;
  pushSection(sections, source, leadingRole, null, start, firstMarker);
  markers.forEach((marker, i) => {
    const contentEnd = i + 1 < markers.length ? markers[i + 1].lineStart : end;
    pushSection(sections, source, marker.role, { start: marker.lineStart, end: marker.lineEnd }, marker.lineEnd, contentEnd);
  });
  return sections;
}

function pushSection(
  sections: RoleSection[],
  source: string,
  role: Role,
  roleRange: SourceRange | null,
  contentStart: number,
  contentEnd: number,
): void {
  const content = trimPiece(slicePiece(source, contentStart, contentEnd));
  if (content.text.length === 0) return;
  const rangeStart = roleRange ? roleRange.start : content.range!.start;
  sections.push({ role, roleRange, content, range: { start: rangeStart, end: content.range!.end } });
}
