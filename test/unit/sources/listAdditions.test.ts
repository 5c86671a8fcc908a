/**
 * A list bound earlier and added to after (`tools += [...]`, `messages += [...]`, `.append`,
 * `.extend`; JavaScript's `.push(...more)`): the items are sent with the list, wherever the list is
 * read, and one added in a loop or under a condition is said so in the estimate.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SourcePrompt } from '../../../src/core/sources/analyzeSource';
import { messageTexts, onlyPrompt } from './helpers';

const toolNames = (prompt: SourcePrompt) => prompt.analysis.request.tools.map((t) => t.name);

const SDK = (additions: string) => `from openai import OpenAI

client = OpenAI()

WEATHER = {"type": "function", "function": {"name": "get_weather", "description": "Weather for a city", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}
TIME = {"type": "function", "function": {"name": "get_time", "description": "Time in a city", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}
tools = [WEATHER]
${additions}

def ask(question, history, premium):
    messages = [{"role": "system", "content": "You answer questions about the weather."}]
    for turn in history:
        MESSAGES_IN_LOOP
    if premium:
        MESSAGES_IF
    return client.chat.completions.create(model="gpt-4o", messages=messages, tools=tools)
`;

const AGENT = (additions: string) => `from agents import Agent, Runner, function_tool


@function_tool
def get_weather(city: str) -> str:
    """Weather for a city."""
    return "sunny"


@function_tool
def get_time(city: str) -> str:
    """Time in a city."""
    return "noon"


tools = [get_weather]
${additions}

agent = Agent(name="helper", instructions="Help with the weather.", model="gpt-4.1", tools=tools)


async def main():
    return await Runner.run(agent, "What is the weather in Paris?")
`;

const LANGCHAIN = (additions: string) => `from langchain_openai import ChatOpenAI
from langchain_core.tools import tool


@tool
def get_weather(city: str) -> str:
    """Weather for a city."""
    return "sunny"


@tool
def get_time(city: str) -> str:
    """Time in a city."""
    return "noon"


PREMIUM = True
tools = [get_weather]
${additions}
llm = ChatOpenAI(model="gpt-4.1").bind_tools(tools)


def ask():
    return llm.invoke("What is the weather in Paris?")
`;

describe('Python: a list added to with +=', () => {
  it('an SDK call: `tools += [...]` and `messages += [...]` in a loop and under a condition count as .append / .extend do, with the same notes', async () => {
    const fill = (source: string, loop: string, condition: string) => source.replace('MESSAGES_IN_LOOP', loop).replace('MESSAGES_IF', condition);
    const plus = await onlyPrompt('a.py', fill(SDK('tools += [TIME]'), 'messages += [{"role": "user", "content": turn}]', 'messages += [{"role": "user", "content": question}]'));
    const append = await onlyPrompt('a.py', fill(SDK('tools.append(TIME)'), 'messages.append({"role": "user", "content": turn})', 'messages.extend([{"role": "user", "content": question}])'));
    assert.deepEqual(toolNames(plus), ['get_weather', 'get_time']);
    assert.deepEqual(messageTexts(plus), ['You answer questions about the weather.', 'turn', 'question']);
    assert.equal(plus.analysis.promptTokens, append.analysis.promptTokens);
    assert.deepEqual(plus.analysis.estimateReasons, append.analysis.estimateReasons);
    assert.ok((plus.analysis.estimateReasons ?? []).includes('`messages` is added to in a loop (`for turn in history`): what it adds is counted once, how many times it runs is known only at run time'), plus.analysis.estimateReason);
    assert.ok((plus.analysis.estimateReasons ?? []).includes('`messages` is added to under a condition (`if premium`), counted as if it holds'), plus.analysis.estimateReason);
  });

  it('an OpenAI Agents SDK agent: tools added with +=, .append or .extend are sent, as the list written whole is', async () => {
    const whole = await onlyPrompt('agent.py', AGENT('').replace('tools = [get_weather]', 'tools = [get_weather, get_time]'));
    assert.deepEqual(toolNames(whole), ['get_weather', 'get_time']);
    for (const additions of ['tools += [get_time]', 'tools.append(get_time)', 'tools.extend([get_time])', 'more = [get_time]\ntools += more']) {
      const prompt = await onlyPrompt('agent.py', AGENT(additions));
      assert.deepEqual(toolNames(prompt), ['get_weather', 'get_time'], additions);
      assert.equal(prompt.analysis.promptTokens, whole.analysis.promptTokens, additions);
      assert.equal(prompt.analysis.estimate, false, `${additions}: ${prompt.analysis.estimateReason}`);
    }
    // One the source does not show leaves the list to the program, as before.
    const unknown = await onlyPrompt('agent.py', AGENT('tools += load_more()'));
    assert.match(unknown.analysis.estimateReason ?? '', /the agent's tools `tools` are known only at run time: not counted/);
  });

  it('LangChain bind_tools: a tool added with += under a condition is sent, and the estimate says the condition', async () => {
    const whole = await onlyPrompt('chain.py', LANGCHAIN('').replace('tools = [get_weather]', 'tools = [get_weather, get_time]'));
    const added = await onlyPrompt('chain.py', LANGCHAIN('if PREMIUM:\n    tools += [get_time]'));
    assert.deepEqual(toolNames(added), ['get_weather', 'get_time']);
    assert.equal(added.analysis.promptTokens, whole.analysis.promptTokens);
    assert.deepEqual(added.analysis.estimateReasons, ['`tools` is added to under a condition (`if PREMIUM`), counted as if it holds']);
    const loop = await onlyPrompt('chain.py', LANGCHAIN('for extra in [get_time]:\n    tools.append(extra)'));
    assert.match(loop.analysis.estimateReason ?? '', /`tools` is added to in a loop \(`for extra in \[get_time\]`\)/);
  });
});

describe('JavaScript: a list added to with .push(...spread)', () => {
  it('tools.push(...more) and messages.push(...) in a loop are sent with the list', async () => {
    const source = `import OpenAI from "openai";
const client = new OpenAI();
const weather = { type: "function", function: { name: "get_weather", description: "Weather for a city", parameters: { type: "object", properties: { city: { type: "string" } } } } };
const time = { type: "function", function: { name: "get_time", description: "Time in a city", parameters: { type: "object", properties: { city: { type: "string" } } } } };
const more = [time];
const tools = [weather];
tools.push(...more);
export async function ask(question: string, history: string[]) {
  const messages: any[] = [{ role: "system", content: "You answer questions about the weather." }];
  for (const turn of history) messages.push(...[{ role: "user", content: turn }]);
  return client.chat.completions.create({ model: "gpt-4o", messages, tools });
}
`;
    const prompt = await onlyPrompt('a.ts', source);
    assert.deepEqual(toolNames(prompt), ['get_weather', 'get_time']);
    assert.deepEqual(messageTexts(prompt), ['You answer questions about the weather.', 'turn']);
    assert.match(prompt.analysis.estimateReason ?? '', /`messages` is added to in a loop/);
  });

  it('an OpenAI Agents SDK agent: tools pushed after the list is made, a spread of a list written here and `{ tools }` shorthand are sent', async () => {
    const agent = (list: string, options = 'tools') => `import { Agent, run, tool } from "@openai/agents";
import { z } from "zod";
const getWeather = tool({ name: "get_weather", description: "Weather for a city", parameters: z.object({ city: z.string() }), execute: async () => "sunny" });
const getTime = tool({ name: "get_time", description: "Time in a city", parameters: z.object({ city: z.string() }), execute: async () => "noon" });
const extra = [getTime];
${list}
const agent = new Agent({ name: "helper", instructions: "Help with the weather.", model: "gpt-4.1", ${options} });
export const ask = () => run(agent, "What is the weather in Paris?");
`;
    const whole = await onlyPrompt('agent.ts', agent('const tools = [getWeather, getTime];', 'tools: tools'));
    assert.deepEqual(toolNames(whole), ['get_weather', 'get_time']);
    for (const [list, options] of [
      ['const tools = [getWeather];\ntools.push(...extra);', 'tools'],
      ['const tools = [getWeather];\ntools.push(getTime);', 'tools: tools'],
      ['const tools = [getWeather, ...extra];', 'tools'],
    ]) {
      const prompt = await onlyPrompt('agent.ts', agent(list, options));
      assert.deepEqual(toolNames(prompt), ['get_weather', 'get_time'], list);
      assert.equal(prompt.analysis.promptTokens, whole.analysis.promptTokens, list);
      assert.equal(prompt.analysis.estimate, false, `${list}: ${prompt.analysis.estimateReason}`);
    }
  });
});
