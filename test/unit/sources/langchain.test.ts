import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSource } from '../../../src/core/sources/analyzeSource';
import { longText, messageTexts, onlyPrompt, promptsOf } from './helpers';

const HEAD = `from langchain_openai import ChatOpenAI
from langchain_anthropic import ChatAnthropic
from langchain.chat_models import init_chat_model
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

POLICY = """${longText(60)}"""
`;

describe('LangChain chat models in Python', () => {
  it('ChatOpenAI(...).invoke with ("system", ...) / ("human", ...) tuples: a Chat Completions request on the constructor\'s model', async () => {
    const source = `${HEAD}
llm = ChatOpenAI(model="gpt-4o-mini", temperature=0)

def ask(question):
    return llm.invoke([("system", POLICY), ("human", question), ("ai", "Noted."), ("human", "And then?")])
`;
    const prompt = await onlyPrompt('bot.py', source);
    assert.equal(prompt.call.callee, 'llm.invoke');
    assert.equal(prompt.analysis.format, 'openai-chat');
    assert.equal(prompt.analysis.model, 'gpt-4o-mini');
    assert.deepEqual(prompt.analysis.request.messages.map((m) => m.role), ['system', 'user', 'assistant', 'user']);
    assert.deepEqual(messageTexts(prompt).slice(2), ['Noted.', 'And then?']);
    assert.ok(prompt.analysis.cacheableTokens >= 1024, String(prompt.analysis.cacheableTokens));
  });

  it('ChatAnthropic with SystemMessage / HumanMessage: an Anthropic request with the system message in `system`', async () => {
    const source = `${HEAD}
claude = ChatAnthropic(model="claude-sonnet-4-5", max_tokens=512)

async def ask(question):
    return await claude.ainvoke([SystemMessage(content=POLICY), HumanMessage(content=question)])
`;
    const { analysis } = await onlyPrompt('bot.py', source);
    assert.equal(analysis.format, 'anthropic-messages');
    assert.equal(analysis.model, 'claude-sonnet-4-5');
    assert.equal(analysis.request.system?.length, 1);
    assert.deepEqual(analysis.request.messages.map((m) => m.role), ['user']);
  });

  it('init_chat_model("openai:gpt-4.1"), a plain text input, and tools bound with bind_tools', async () => {
    const source = `${HEAD}
tool = {"type": "function", "function": {"name": "get_weather", "description": "Weather for a city", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}
model = init_chat_model("openai:gpt-4.1").bind_tools([tool])

def ask():
    return model.invoke("What is the weather in Paris?")
`;
    const prompt = await onlyPrompt('bot.py', source);
    assert.equal(prompt.analysis.model, 'gpt-4.1');
    assert.deepEqual(messageTexts(prompt), ['What is the weather in Paris?']);
    assert.deepEqual(prompt.analysis.request.tools.map((t) => t.name), ['get_weather']);
  });

  it('ChatOpenAI(use_responses_api=True) sends a Responses request', async () => {
    const source = `${HEAD}
llm = ChatOpenAI(model="gpt-5-mini", use_responses_api=True)

def ask(question):
    return llm.invoke([SystemMessage(POLICY), HumanMessage(question)])
`;
    const { analysis } = await onlyPrompt('bot.py', source);
    assert.equal(analysis.format, 'openai-responses');
    assert.equal(analysis.model, 'gpt-5-mini');
  });

  it('a chain prompt | llm | parser sends the template\'s messages, its fields filled from the invoke dict or left as run-time values', async () => {
    const source = `${HEAD}
from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder
from langchain_core.output_parsers import StrOutputParser

prompt = ChatPromptTemplate.from_messages([
    ("system", POLICY + "\\nAnswer as {persona}."),
    MessagesPlaceholder("history"),
    ("human", "{question}"),
])
llm = ChatOpenAI(model="gpt-4.1-mini")
chain = prompt | llm | StrOutputParser()

def ask(question, history):
    return chain.invoke({"persona": "a librarian", "question": question, "history": history})
`;
    const prompt = await onlyPrompt('bot.py', source);
    assert.equal(prompt.analysis.model, 'gpt-4.1-mini');
    const texts = messageTexts(prompt);
    assert.deepEqual(prompt.analysis.request.messages.map((m) => m.role), ['system', 'user']);
    assert.ok(texts[0].endsWith('\nAnswer as a librarian.'), texts[0].slice(-40));
    assert.equal(texts[1], '{question}');
    assert.ok(prompt.analysis.cacheableTokens >= 1024, String(prompt.analysis.cacheableTokens));
    assert.match(prompt.analysis.estimateReason ?? '', /a messages placeholder adds messages known only at run time/);
    assert.deepEqual(prompt.analysis.findings.filter((f) => f.rule !== 'prefix-below-minimum').map((f) => f.rule), []);
  });

  it('a message object in a prompt template is sent as written, its braces not filled', async () => {
    const source = `${HEAD}
from langchain_core.prompts import ChatPromptTemplate

prompt = ChatPromptTemplate.from_messages([SystemMessage(content="Keep {braces} as written."), ("human", "{q}")])
chain = prompt | ChatOpenAI(model="gpt-4o")

def ask():
    return chain.invoke({"q": "Hi", "braces": "filled"})
`;
    assert.deepEqual(messageTexts(await onlyPrompt('bot.py', source)), ['Keep {braces} as written.', 'Hi']);
  });

  it('SystemMessagePromptTemplate.from_template items of a template are filled like pairs', async () => {
    const source = `${HEAD}
from langchain_core.prompts import ChatPromptTemplate, HumanMessagePromptTemplate, SystemMessagePromptTemplate

prompt = ChatPromptTemplate.from_messages([SystemMessagePromptTemplate.from_template("You are {persona}."), HumanMessagePromptTemplate.from_template("{q}")])
chain = prompt | ChatOpenAI(model="gpt-4o")

def ask():
    return chain.invoke({"persona": "a guide", "q": "Hi"})
`;
    const prompt = await onlyPrompt('bot.py', source);
    assert.deepEqual(prompt.analysis.request.messages.map((m) => m.role), ['system', 'user']);
    assert.deepEqual(messageTexts(prompt), ['You are a guide.', 'Hi']);
    assert.equal(prompt.analysis.estimate, false);
  });

  it('tools bound to a Responses model are sent flat, as the Responses API takes them', async () => {
    const tool = `{"type": "function", "function": {"name": "get_weather", "description": "Weather for a city", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}`;
    const chain = await onlyPrompt('bot.py', `${HEAD}
llm = ChatOpenAI(model="gpt-4.1", use_responses_api=True).bind_tools([${tool}])

def ask():
    return llm.invoke("Paris?")
`);
    const sdk = await onlyPrompt(
      'sdk.py',
      `from openai import OpenAI
client = OpenAI()

def ask():
    return client.responses.create(model="gpt-4.1", input=[{"role": "user", "content": "Paris?"}], tools=[{"type": "function", "name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}, "description": "Weather for a city", "strict": None}])
`,
    );
    assert.deepEqual(chain.analysis.request.tools.map((t) => t.name), ['get_weather']);
    assert.equal(chain.analysis.promptTokens, sdk.analysis.promptTokens);
  });

  it('a pipe of 20,000 steps is read without running out of stack', async () => {
    const steps = Array.from({ length: 20_000 }, () => 'step').join(' | ');
    const source = `${HEAD}
step = ChatOpenAI(model="gpt-4o")
chain = prompt | ${steps}

def ask(q):
    return chain.invoke({"q": q})
`;
    assert.deepEqual(await promptsOf('deep.py', source), []);
  });

  it('an .invoke with no chat model behind it (a chain, a tool, a parameter) is no LLM call', async () => {
    const source = `${HEAD}
llm = ChatOpenAI(model="gpt-4o")

def run(chain, retriever, question):
    docs = retriever.invoke(question)
    return chain.invoke({"question": question, "docs": docs})
`;
    assert.deepEqual(await promptsOf('bot.py', source), []);
    const result = await analyzeSource({ fileName: '/virtual/app/broken.py', text: `${HEAD}\ndef f(chain):\n    return chain.invoke(\n` });
    assert.deepEqual(result.unparsedCalls, []);
  });

  it("a key, a timeout or a base URL computed when the module loads is no prompt text: the count stays exact, the model's own still said", async () => {
    const source = `import os
${HEAD}
llm = ChatOpenAI(model="gpt-4o", api_key=os.getenv("OPENAI_API_KEY"), timeout=float(os.getenv("TIMEOUT", "30")), base_url=os.environ["BASE_URL"])

def ask():
    return llm.invoke([("system", POLICY), ("human", "Summarise the policy.")])
`;
    const prompt = await onlyPrompt('bot.py', source);
    assert.equal(prompt.analysis.model, 'gpt-4o');
    assert.equal(prompt.analysis.estimate, false, prompt.analysis.estimateReason);
    const fromEnv = await onlyPrompt('bot.py', source.replace('model="gpt-4o"', 'model=os.getenv("MODEL", "gpt-4o")'));
    assert.match(fromEnv.analysis.estimateReason ?? '', /the model is `os\.getenv\("MODEL", "gpt-4o"\)`, known only at run time/);
    assert.doesNotMatch(fromEnv.analysis.estimateReason ?? '', /OPENAI_API_KEY|TIMEOUT|BASE_URL/);
  });

  it("ChatOpenAI() with no model sends langchain-openai's default, gpt-3.5-turbo, and says so", async () => {
    const source = `${HEAD}
llm = ChatOpenAI(temperature=0)

def ask():
    return llm.invoke([("system", POLICY), ("human", "Summarise the policy.")])
`;
    const prompt = await onlyPrompt('bot.py', source);
    assert.equal(prompt.analysis.model, 'gpt-3.5-turbo');
    assert.match(prompt.analysis.estimateReason ?? '', /no model is given: langchain-openai's default, gpt-3\.5-turbo, which its versions change/);
  });

  // langchain-openai sends a request whose bound tools include a built-in one (any `type` but
  // `function`) to the Responses API unless `use_responses_api` is given: chat_models/base.py
  // `_use_responses_api` / `_is_builtin_tool` at langchain-ai/langchain@00539b501c219f80df69d799e92b102566a125e5.
  it('bind_tools([{"type": "web_search_preview"}]) is counted on the Responses API with the tool, and the estimate says LangChain routes it there', async () => {
    const source = (options: string) => `${HEAD}
llm = ChatOpenAI(model="gpt-4.1"${options}).bind_tools([{"type": "web_search_preview"}])

def ask():
    return llm.invoke("What was a positive news story from today?")
`;
    const chain = await onlyPrompt('bot.py', source(''));
    const sdk = await onlyPrompt(
      'sdk.py',
      `from openai import OpenAI
client = OpenAI()

def ask():
    return client.responses.create(model="gpt-4.1", input=[{"role": "user", "content": "What was a positive news story from today?"}], tools=[{"type": "web_search_preview"}])
`,
    );
    assert.equal(chain.analysis.format, 'openai-responses');
    assert.deepEqual(chain.analysis.request.tools.map((t) => t.type), ['web_search_preview']);
    assert.equal(chain.analysis.promptTokens, sdk.analysis.promptTokens);
    assert.ok(chain.analysis.promptTokens > 294, String(chain.analysis.promptTokens));
    assert.ok(
      (chain.analysis.estimateReasons ?? []).includes('LangChain sends a request with the built-in tool `web_search_preview` to the Responses API: counted as a Responses request'),
      chain.analysis.estimateReason,
    );

    // `use_responses_api=False` decides: Chat Completions, where the built-in tool is refused.
    const forced = await onlyPrompt('bot.py', source(', use_responses_api=False'));
    assert.equal(forced.analysis.format, 'openai-chat');
    assert.deepEqual(forced.analysis.request.tools, []);
    assert.match(forced.analysis.estimateReason ?? '', /the built-in tool `web_search_preview` bound with `bind_tools` is sent to Chat Completions \(`use_responses_api` is false\), which refuses it: not counted/);
    // Already a Responses model: nothing more to say of the route.
    const stated = await onlyPrompt('bot.py', source(', use_responses_api=True'));
    assert.equal(stated.analysis.format, 'openai-responses');
    assert.ok(!(stated.analysis.estimateReasons ?? []).some((r) => r.startsWith('LangChain sends')), stated.analysis.estimateReason);
  });

  it('an image_generation tool beside a function: both sent to the Responses API, the function flat, a forced tool_choice named flat', async () => {
    const tool = `{"type": "function", "function": {"name": "get_weather", "description": "Weather for a city", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}`;
    const prompt = await onlyPrompt(
      'bot.py',
      `${HEAD}
llm = ChatOpenAI(model="gpt-4.1").bind_tools([${tool}, {"type": "image_generation", "quality": "low"}], tool_choice="get_weather")

def ask():
    return llm.invoke("Draw the weather in Paris.")
`,
    );
    assert.equal(prompt.analysis.format, 'openai-responses');
    assert.deepEqual(prompt.analysis.request.tools.map((t) => [t.type, t.name]), [['function', 'get_weather'], ['image_generation', 'image_generation']]);
    assert.deepEqual(prompt.analysis.request.parameters.tool_choice, { type: 'function', name: 'get_weather' });
    assert.match(prompt.analysis.estimateReason ?? '', /LangChain sends a request with the built-in tool `image_generation` to the Responses API/);
    assert.match(prompt.analysis.estimateReason ?? '', /Built-in tools \(web search, file search, \.\.\.\) add instructions of unknown length; not counted/);
  });
});

describe("LangChain's standard image blocks", () => {
  // A 1024×768 PNG's first bytes: only the header is read for the size.
  const png = (() => {
    const header = Buffer.alloc(33);
    header.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    header.writeUInt32BE(1024, 16);
    header.writeUInt32BE(768, 20);
    return header.toString('base64');
  })();

  it('{"type": "image", "base64" | "source_type": "base64" + "data", "mime_type"} and {"type": "image", "url"} are the image_url blocks langchain-core sends', async () => {
    const asImageUrl = await onlyPrompt(
      'bot.py',
      `${HEAD}
llm = ChatOpenAI(model="gpt-4o")
llm.invoke([HumanMessage(content=[{"type": "text", "text": "What is this?"}, {"type": "image_url", "image_url": {"url": "data:image/png;base64,${png}"}}])])
`,
    );
    for (const block of [
      `{"type": "image", "base64": "${png}", "mime_type": "image/png"}`,
      `{"type": "image", "source_type": "base64", "data": "${png}", "mime_type": "image/png"}`,
    ]) {
      const { analysis } = await onlyPrompt('bot.py', `${HEAD}\nllm = ChatOpenAI(model="gpt-4o")\nllm.invoke([HumanMessage(content=[{"type": "text", "text": "What is this?"}, ${block}])])\n`);
      const image = analysis.request.messages[0].parts[1];
      assert.deepEqual(image.type === 'image' ? [image.width, image.height] : [], [1024, 768], block);
      assert.equal(analysis.promptTokens, asImageUrl.analysis.promptTokens, block);
    }
    const byUrl = await onlyPrompt('bot.py', `${HEAD}\nllm = ChatOpenAI(model="gpt-4o")\nllm.invoke([HumanMessage(content=[{"type": "image", "url": "https://example.com/cat.png"}])])\n`);
    const part = byUrl.analysis.request.messages[0].parts[0];
    assert.equal(part.type === 'image' ? part.source : '', 'https://example.com/cat.png');
  });

  it('`content_blocks=[...]` (langchain-core 1) is the message content', async () => {
    const call = (message: string) => onlyPrompt('bot.py', `${HEAD}\nllm = ChatOpenAI(model="gpt-4o")\nllm.invoke([${message}])\n`);
    const blocks = await call(`HumanMessage(content_blocks=[{"type": "text", "text": "What is this?"}, {"type": "image", "base64": "${png}", "mime_type": "image/png"}])`);
    const content = await call(`HumanMessage(content=[{"type": "text", "text": "What is this?"}, {"type": "image", "base64": "${png}", "mime_type": "image/png"}])`);
    assert.deepEqual(blocks.analysis.request.messages[0].parts.map((p) => p.type), ['text', 'image']);
    assert.equal(blocks.analysis.promptTokens, content.analysis.promptTokens);
    assert.equal(blocks.analysis.estimate, false, blocks.analysis.estimateReason);
  });
});
