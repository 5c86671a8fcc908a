// Release-note summaries with the Vercel AI SDK. The system prompt opens with the current time,
// so the cache never holds the rules after it.
import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';
import { GUIDE } from './prompts';

const RULES = [
  'Summarise the release notes for customers, not engineers.',
  'Lead with what changes for them; leave out internal refactoring.',
  GUIDE,
].join('\n');

export async function summarize(notes: string): Promise<string> {
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    system: `Generated at ${new Date().toISOString()}.\n${RULES}`,
    prompt: notes,
  });
  return text;
}
