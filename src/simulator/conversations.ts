/**
 * Responses API state kept server-side, in memory, for `previous_response_id`: a stored response
 * remembers the whole input it answered (its own history included) and its output, and a request
 * that names it gets both prepended to its own input.
 */
export type InputItem = Record<string, unknown>;

export class ConversationStore {
  private readonly items = new Map<string, InputItem[]>();

  constructor(private readonly limit = 1000) {}

  /** Input items to prepend for `previousId`, or undefined when the id is unknown. */
  history(previousId: string): InputItem[] | undefined {
    return this.items.get(previousId);
  }

  remember(responseId: string, input: InputItem[], outputText: string): void {
    // Oldest first out: the map keeps insertion order.
    if (this.items.size >= this.limit) this.items.delete(this.items.keys().next().value as string);
    this.items.set(responseId, [...input, assistantItem(outputText)]);
  }
}

/** The `input` field as a list of items (a string is one user message). */
export function inputItems(input: unknown): InputItem[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  if (Array.isArray(input)) return input.filter((item): item is InputItem => typeof item === 'object' && item !== null);
  return [];
}

/** A model reply as an input item, the way a client resending history writes it. */
export function assistantItem(text: string): InputItem {
  return { role: 'assistant', content: text };
}
