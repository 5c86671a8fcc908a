import type { Role } from '../model';

const KNOWN_ROLES: ReadonlySet<string> = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

export function asRole(value: string | undefined): Role | undefined {
  const lower = value?.toLowerCase();
  return lower !== undefined && KNOWN_ROLES.has(lower) ? (lower as Role) : undefined;
}
