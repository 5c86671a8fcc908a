import type { Message } from '../model';

/** Labels for people: the role, numbered when the role occurs more than once (`user #2`). */
export function messageLabels(messages: readonly Message[]): string[] {
  const totals = new Map<string, number>();
  for (const message of messages) totals.set(message.role, (totals.get(message.role) ?? 0) + 1);
  const seen = new Map<string, number>();
  return messages.map((message) => {
    const n = (seen.get(message.role) ?? 0) + 1;
    seen.set(message.role, n);
    return (totals.get(message.role) ?? 0) > 1 ? `${message.role} #${n}` : message.role;
  });
}
