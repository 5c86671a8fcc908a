// The shop helpdesk on LangChain.js: a chat prompt template piped to ChatOpenAI. Prompt Cache Lens
// reads `chain.invoke(...)` as the Chat Completions request LangChain sends, the template's
// {fields} filled from the object given to invoke.
import { ChatOpenAI } from '@langchain/openai';
import { ChatPromptTemplate, MessagesPlaceholder } from '@langchain/core/prompts';
import { StringOutputParser } from '@langchain/core/output_parsers';
import type { BaseMessage } from '@langchain/core/messages';
import { GUIDE } from './prompts';

const prompt = ChatPromptTemplate.fromMessages([
  // {today} is filled before the guide and changes every day, so the guide is only read from the
  // cache by requests made the same day.
  ['system', 'Today is {today}.\n\n' + GUIDE],
  new MessagesPlaceholder('history'),
  ['human', '{question}'],
]);

const model = new ChatOpenAI({ model: 'gpt-4o-mini', temperature: 0 });
const chain = prompt.pipe(model).pipe(new StringOutputParser());

export async function answer(question: string, history: BaseMessage[]): Promise<string> {
  return chain.invoke({ today: new Date().toDateString(), question, history });
}
