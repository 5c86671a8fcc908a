// The shop assistant: the instructions greet the user by name before the guide, so each user gets
// a different prefix and the 1,300-token guide is never read from the cache.
import OpenAI from 'openai';
import { GUIDE } from './prompts';

const client = new OpenAI();

export interface User {
  name: string;
}

export async function reply(user: User, message: string): Promise<string> {
  const response = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: `You help ${user.name}.\n\n${GUIDE}` },
      { role: 'user', content: message },
    ],
  });
  return response.choices[0].message.content ?? '';
}
