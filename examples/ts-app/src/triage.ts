// Support-ticket triage with structured output: the zod schema is sent as the strict JSON schema
// the openai SDK writes for it, and counted with the prompt. The guide comes first and the ticket
// last, so every ticket reads the guide and the schema from the cache.
import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { GUIDE } from './prompts';

const client = new OpenAI();

const Triage = z.object({
  category: z.enum(['order', 'delivery', 'return', 'warranty', 'other']).describe('What the ticket is about'),
  urgency: z.number().int().min(1).max(5).describe('1: can wait a week, 5: today'),
  order_number: z.string().nullable().describe('As written in the ticket, if any'),
  summary: z.string().describe('One sentence, in English'),
  needs_human: z.boolean(),
});

export async function triage(ticket: string) {
  const completion = await client.chat.completions.parse({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: `${GUIDE}\n\nSort the ticket below for the support team.` },
      { role: 'user', content: ticket },
    ],
    response_format: zodResponseFormat(Triage, 'triage'),
  });
  return completion.choices[0].message.parsed;
}
