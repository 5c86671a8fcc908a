// Order extraction with the Vercel AI SDK. The schema is sent ahead of the messages, so it is part
// of the prefix OpenAI caches: keep it the same from request to request, and the email last.
import { openai } from '@ai-sdk/openai';
import { generateObject } from 'ai';
import { z } from 'zod';
import { GUIDE } from './prompts';

const Order = z.object({
  orderId: z.string().describe('The order number, as written in the email'),
  items: z.array(z.object({ sku: z.string(), quantity: z.number().int().min(1) })).describe('What the customer ordered'),
  issue: z.enum(['late', 'damaged', 'wrong-item', 'other']),
  refundRequested: z.boolean(),
  notes: z.string().nullable().describe('Anything else the support agent should know'),
});

export async function extractOrder(email: string) {
  const { object } = await generateObject({
    model: openai('gpt-4.1-mini'),
    schema: Order,
    schemaName: 'Order',
    system: `You read customer emails for the support desk and fill in the order form.\n${GUIDE}`,
    prompt: email,
  });
  return object;
}
