// The order-status agent, with the OpenAI Agents SDK: the guide is the agent's instructions, the
// order tool and the handoff to returns come after it, the customer's question last. Every run
// starts with the same instructions and tools, so they are read from the cache.
import { Agent, run, tool } from '@openai/agents';
import { z } from 'zod';
import { GUIDE } from './prompts';

const orderStatus = tool({
  name: 'order_status',
  description: 'Look up where an order is and when it arrives',
  parameters: z.object({
    orderNumber: z.string().describe('As written by the customer, e.g. NW-12345'),
    withItems: z.boolean().describe('Whether to list the items of the order too'),
  }),
  execute: async ({ orderNumber }) => `Order ${orderNumber} ships tomorrow.`,
});

const returns = new Agent({
  name: 'Returns',
  instructions: 'You handle returns and refunds for Northwind Outfitters.',
  handoffDescription: 'Returns, exchanges and refunds',
  model: 'gpt-4.1-mini',
});

const support = new Agent({
  name: 'Order support',
  instructions: `${GUIDE}\n\nAnswer questions about orders. Use order_status before giving a date.`,
  model: 'gpt-4.1-mini',
  tools: [orderStatus],
  handoffs: [returns],
});

export async function answer(question: string): Promise<string> {
  const result = await run(support, question);
  return String(result.finalOutput ?? '');
}
