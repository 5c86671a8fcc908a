import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePrompt } from '../../../src/core/formats';
import type { PromptRequest } from '../../../src/core/model';
import { parseGoogleDocstring } from '../../../src/core/sources/langchainTools';
import { countPair, loadPair, type RecordedPair } from '../../recordedCorpus';
import { onlyPrompt } from './helpers';

const recorded = (file: string): RecordedPair => loadPair(file);

/** What a request sends that the count reads: model, system, messages, tools, format and the tool parameters. */
function sent(request: PromptRequest): unknown {
  const text = (parts: PromptRequest['messages'][number]['parts']) => parts.map((p) => (p.type === 'text' ? p.piece.text : p.type));
  return {
    model: request.model?.name,
    system: request.system && text(request.system),
    messages: request.messages.map((m) => ({ role: m.role, parts: text(m.parts) })),
    tools: request.tools.map((t) => JSON.stringify({ type: t.type, name: t.name, description: t.description, parameters: t.parameters, strict: t.strict })),
    format: request.responseFormat && JSON.stringify({ name: request.responseFormat.name, schema: request.responseFormat.schema, strict: request.responseFormat.strict }),
    parallel_tool_calls: request.parameters.parallel_tool_calls,
    tool_choice: request.parameters.tool_choice,
  };
}

const FORMATS = { chat: 'openai-chat', responses: 'openai-responses', anthropic: 'anthropic-messages' } as const;

/**
 * The call in `source` sends the request the pair recorded (model, messages, tools, tool choice),
 * and our count of it is the count of the recorded body: for OpenAI the usage the API answered
 * (the corpus test holds the recorded body to it), for Anthropic the same estimate.
 */
async function assertReproduces(file: string, source: string, files: Record<string, string> = {}): Promise<void> {
  const pair = recorded(file);
  const { analysis } = await onlyPrompt('app.py', source, files);
  const body = parsePrompt('request.json', JSON.stringify(pair.request, null, 2), { format: FORMATS[pair.api] });
  assert.deepEqual(sent(analysis.request), sent(body));
  const counted = await countPair(pair);
  assert.equal(analysis.promptTokens, counted.counted);
  if (pair.api !== 'anthropic') assert.equal(counted.counted, counted.recorded + (pair.knownDifference?.tokens ?? 0));
}

const REQUIREMENTS = (version: string) => ({ 'requirements.txt': `langchain-core==0.2.40\nlangchain-openai==${version}\n` });

describe('LangChain tools (Python), checked against recorded requests', () => {
  // langchain-ai/langchain docs/docs/how_to/chat_token_usage_tracking.ipynb, recorded in
  // docs/cassettes/chat_token_usage_tracking_fe945078-….msgpack.zlib @ 9d8241d3: a function bound as it is.
  const TOKEN_USAGE = (decorator: string) => `from langchain.chat_models import init_chat_model
from langchain_core.tools import tool

llm = init_chat_model(model="gpt-4o-mini")

${decorator}def get_weather(location: str) -> str:
    """Get the weather at a location."""
    return "It's sunny."


tool_llm = llm.bind_tools([get_weather])
response = tool_llm.invoke("What's the weather in Boston?")
`;

  it('a plain function bound with bind_tools: named after it, its docstring the description, its parameter required (langchain-docs chat_token_usage_tracking)', async () => {
    await assertReproduces('langchain-docs/chat-token-usage-tracking-fe945078-ee2d-43ba-8cdf-afb2f2f4ecef-0.json', TOKEN_USAGE(''));
  });

  it('the same function decorated with @tool sends the same tool', async () => {
    await assertReproduces('langchain-docs/chat-token-usage-tracking-fe945078-ee2d-43ba-8cdf-afb2f2f4ecef-0.json', TOKEN_USAGE('@tool\n'));
  });

  it('pydantic models bound with bind_tools: the class name, its docstring, its fields without titles (langchain-docs chat_models_universal_init)', async () => {
    // docs/docs/how_to/chat_models_universal_init.ipynb, cassette chat_models_universal_init_067dabee-… @ 67e87c79
    // (the notebook picks gpt-4o through a configurable model; written here with the model named).
    const source = `from langchain.chat_models import init_chat_model
from pydantic import BaseModel, Field


class GetWeather(BaseModel):
    """Get the current weather in a given location"""

    location: str = Field(..., description="The city and state, e.g. San Francisco, CA")


class GetPopulation(BaseModel):
    """Get the current population in a given location"""

    location: str = Field(..., description="The city and state, e.g. San Francisco, CA")


llm = init_chat_model("gpt-4o", model_provider="openai", temperature=0)
llm_with_tools = llm.bind_tools([GetWeather, GetPopulation])
llm_with_tools.invoke("what's bigger in 2024 LA or NYC")
`;
    await assertReproduces('langchain-docs/chat-models-universal-init-067dabee-1050-4110-ae24-c48eba01e13b-0.json', source);
  });

  // docs/tutorials/classification.ipynb, cassette classification_5509b6a6 @ 9da35264: the recorded request is a
  // forced tool call with parallel_tool_calls false, what langchain-openai before 0.3.0 sends by default.
  const CLASSIFICATION = `from langchain_core.prompts import ChatPromptTemplate
from langchain_openai import ChatOpenAI
from pydantic import BaseModel, Field

tagging_prompt = ChatPromptTemplate.from_template(
    """
    Extract the desired information from the following passage.
    
    Only extract the properties mentioned in the 'Classification' function.
    
    Passage:
    {input}
    """
)


class Classification(BaseModel):
    sentiment: str = Field(description="The sentiment of the text")
    aggressiveness: int = Field(
        description="How aggressive the text is on a scale from 1 to 10"
    )
    language: str = Field(description="The language the text is written in")


llm = ChatOpenAI(temperature=0, model="gpt-4o-mini").with_structured_output(
    Classification
)

inp = "Estoy increiblemente contento de haberte conocido! Creo que seremos muy buenos amigos!"
chain = tagging_prompt | llm
response = chain.invoke({"input": inp})
`;

  it('with_structured_output on langchain-openai 0.2: a forced tool call, description "" for a class without docstring (langchain-docs classification)', async () => {
    await assertReproduces('langchain-docs/classification-5509b6a6-0.json', CLASSIFICATION, REQUIREMENTS('0.2.14'));
  });

  it('with_structured_output on langchain-openai 0.3 and later, or with no version pinned: the strict json_schema response format, said when not pinned', async () => {
    const pinned = await onlyPrompt('app.py', CLASSIFICATION, REQUIREMENTS('0.3.28'));
    assert.equal(pinned.analysis.request.tools.length, 0);
    assert.equal(pinned.analysis.request.responseFormat?.name, 'Classification');
    assert.equal(pinned.analysis.request.responseFormat?.strict, true);
    assert.equal(pinned.analysis.request.parameters.tool_choice, undefined);
    const unpinned = await onlyPrompt('app.py', CLASSIFICATION);
    assert.equal(unpinned.analysis.request.responseFormat?.name, 'Classification');
    assert.match(unpinned.analysis.estimateReason ?? '', /no pinned version was found, counted as `json_schema`/);
    // A model without Structured Outputs gets the tool call whatever the version.
    const gpt4 = await onlyPrompt('app.py', CLASSIFICATION.replace('gpt-4o-mini', 'gpt-4'), REQUIREMENTS('0.3.28'));
    assert.deepEqual(gpt4.analysis.request.parameters.tool_choice, { type: 'function', function: { name: 'Classification' } });
    assert.equal(gpt4.analysis.request.responseFormat, undefined);
  });

  it('with_structured_output on ChatAnthropic: the model as a tool, forced by name (langgraph map-reduce)', async () => {
    // langchain-ai/langgraph docs/docs/how-tos/map-reduce.ipynb, cassette map-reduce_fd90cace @ 3f01589e
    // (the topic comes from the graph's state; written here as the value it had).
    const source = `from langchain_anthropic import ChatAnthropic
from pydantic import BaseModel

subjects_prompt = """Generate a comma separated list of between 2 and 5 examples related to: {topic}."""


class Subjects(BaseModel):
    subjects: list[str]


model = ChatAnthropic(model="claude-3-5-sonnet-20240620")

prompt = subjects_prompt.format(topic="animals")
response = model.with_structured_output(Subjects).invoke(prompt)
`;
    await assertReproduces('langgraph/map-reduce-fd90cace-0.json', source);
  });

  it('with_structured_output on ChatAnthropic with a described model (langgraph react-agent-structured-output)', async () => {
    // docs/docs/how-tos/react-agent-structured-output.ipynb, cassette react-agent-structured-output_15 @ 721c33e0.
    const source = `from langchain_anthropic import ChatAnthropic
from langchain_core.messages import HumanMessage
from pydantic import BaseModel, Field


class WeatherResponse(BaseModel):
    """Respond to the user with this"""

    temperature: float = Field(description="The temperature in fahrenheit")
    wind_directon: str = Field(
        description="The direction of the wind in abbreviated form"
    )
    wind_speed: float = Field(description="The speed of the wind in km/h")


model = ChatAnthropic(model="claude-3-opus-20240229")
model_with_structured_output = model.with_structured_output(WeatherResponse)
response = model_with_structured_output.invoke(
    [HumanMessage(content="It is 75 degrees and sunny in SF, with 3 mph winds in the South-East direction")]
)
`;
    await assertReproduces('langgraph/react-agent-structured-output-15-2.json', source);
  });

  it('@tool functions bound to ChatAnthropic are sent as Anthropic tools (langgraph agent-handoffs)', async () => {
    // docs/docs/how-tos/agent-handoffs.ipynb, cassette agent-handoffs_f39f99b0 @ fca5129e.
    const source = `from langchain_anthropic import ChatAnthropic
from langchain_core.tools import tool


@tool
def add(a: int, b: int) -> int:
    """Adds two numbers."""
    return a + b


@tool
def multiply(a: int, b: int) -> int:
    """Multiplies two numbers."""
    return a * b


model = ChatAnthropic(model="claude-3-5-sonnet-latest")
model.bind_tools([add, multiply]).invoke("what's (3 + 5) * 12")
`;
    await assertReproduces('langgraph/agent-handoffs-f39f99b0-95c7-422f-96a6-e612fde186df-0.json', source);
  });

  it('a pydantic model bound to ChatAnthropic with a system message (langgraph retries)', async () => {
    // docs/docs/how-tos/extraction/retries.ipynb, cassette retries_04e93401 @ 721c33e0.
    const source = `from langchain_anthropic import ChatAnthropic
from pydantic import BaseModel, Field


class Respond(BaseModel):
    """Use to generate the response. Always use when responding to the user"""

    reason: str = Field(description="Step-by-step justification for the answer.")
    answer: str


llm = ChatAnthropic(model="claude-3-haiku-20240307").bind_tools([Respond])
llm.invoke([("system", "Respond directly by calling the Respond function."), ("user", "Does P = NP?")])
`;
    await assertReproduces('langgraph/retries-04e93401-50e2-42d0-8373-326006badebb-2.json', source);
  });

  it('@tool functions with optional parameters, unions of dates, keyword-only config and multi-line docstrings (langgraph customer-support)', async () => {
    // langchain-ai/langgraph docs/docs/tutorials/customer-support/customer-support.ipynb, cassette
    // customer-support_72fceb01 @ 8057efc8 (the first request of the tutorial's assistant, on Claude 3 Sonnet).
    const source = `from datetime import date, datetime
from typing import Optional

from langchain_anthropic import ChatAnthropic
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool


@tool
def search_flights(
    departure_airport: Optional[str] = None,
    arrival_airport: Optional[str] = None,
    start_time: Optional[date | datetime] = None,
    end_time: Optional[date | datetime] = None,
    limit: int = 20,
) -> list[dict]:
    """Search for flights based on departure airport, arrival airport, and departure time range."""
    return []


@tool
def lookup_policy(query: str) -> str:
    """Consult the company policies to check whether certain options are permitted.
    Use this before making any flight changes performing other 'write' events."""
    return ""


@tool
def update_ticket_to_new_flight(
    ticket_no: str, new_flight_id: int, *, config: RunnableConfig
) -> str:
    """Update the user's ticket to a new valid flight."""
    return ""


@tool
def book_car_rental(rental_id: int) -> str:
    """
    Book a car rental by its ID.

    Args:
        rental_id (int): The ID of the car rental to book.

    Returns:
        str: A message indicating whether the car rental was successfully booked or not.
    """
    return ""


llm = ChatAnthropic(model="claude-3-sonnet-20240229", temperature=1)
tools = [search_flights, lookup_policy, update_ticket_to_new_flight, book_car_rental]
llm.bind_tools(tools).invoke("Hi there, what time is my flight?")
`;
    const pair = recorded('langgraph/customer-support-72fceb01-b0ab-4bef-a22f-a2fce6ee33ef-0.json');
    const prompt = await onlyPrompt('app.py', source);
    const names = ['search_flights', 'lookup_policy', 'update_ticket_to_new_flight', 'book_car_rental'];
    const recordedTools = (pair.request.tools as Array<{ name: string }>).filter((t) => names.includes(t.name));
    const body = parsePrompt('request.json', JSON.stringify({ ...pair.request, tools: recordedTools }, null, 2), { format: 'anthropic-messages' });
    assert.deepEqual((sent(prompt.analysis.request) as { tools: string[] }).tools, (sent(body) as { tools: string[] }).tools);
    // lookup_policy's second docstring line keeps its indentation, as Python before 3.13 writes it; the estimate says so.
    assert.match(prompt.analysis.estimateReason ?? '', /tool lookup_policy is its docstring with the indentation Python before 3.13 keeps/);
  });
});

/** The tools a request sends, as name, description, parameters and strict. */
function toolsOf(request: PromptRequest): unknown[] {
  return request.tools.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters, ...(t.strict !== undefined ? { strict: t.strict } : {}) }));
}

const OPENAI_HEAD = `from typing import Annotated, Optional

from langchain_core.tools import InjectedToolArg, StructuredTool, tool
from langchain_openai import ChatOpenAI

llm = ChatOpenAI(model="gpt-4o")
`;

describe('LangChain tools (Python) as langchain-core writes them', () => {
  it('@tool(parse_docstring=True): the text before Args as the description, each argument\'s line as its description (the decorator\'s own documented example)', async () => {
    const source = `${OPENAI_HEAD}
@tool(parse_docstring=True)
def foo(bar: str, baz: int) -> str:
    """The foo.

    Args:
        bar: The bar.
        baz: The baz.
    """
    return bar


llm.bind_tools([foo]).invoke("go")
`;
    const { analysis } = await onlyPrompt('app.py', source);
    assert.deepEqual(toolsOf(analysis.request), [
      {
        name: 'foo',
        description: 'The foo.',
        parameters: { properties: { bar: { description: 'The bar.', type: 'string' }, baz: { description: 'The baz.', type: 'integer' } }, required: ['bar', 'baz'], type: 'object' },
      },
    ]);
  });

  it('a name and description given to @tool or StructuredTool.from_function; defaults, Optional and Annotated descriptions; injected arguments left out', async () => {
    const source = `${OPENAI_HEAD}
@tool("lookup", description="Look a word up.")
def find(word: Annotated[str, "The word"], limit: int = 5, lang: Optional[str] = None, user_id: Annotated[str, InjectedToolArg] = "") -> str:
    """Not this text."""
    return word


def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


adder = StructuredTool.from_function(func=add, name="adder")
llm.bind_tools([find, adder]).invoke("go")
`;
    const { analysis } = await onlyPrompt('app.py', source);
    assert.deepEqual(toolsOf(analysis.request), [
      {
        name: 'lookup',
        description: 'Look a word up.',
        parameters: {
          properties: {
            word: { description: 'The word', type: 'string' },
            limit: { default: 5, type: 'integer' },
            lang: { anyOf: [{ type: 'string' }, { type: 'null' }], default: null },
          },
          required: ['word'],
          type: 'object',
        },
      },
      { name: 'adder', description: 'Add two numbers.', parameters: { properties: { a: { type: 'integer' }, b: { type: 'integer' } }, required: ['a', 'b'], type: 'object' } },
    ]);
  });

  it('a pydantic model with a nested model: the definition written in place, titles dropped', async () => {
    const source = `${OPENAI_HEAD}
from pydantic import BaseModel, Field


class Person(BaseModel):
    """Information about a person."""

    name: Optional[str] = Field(..., description="The name of the person")


class Data(BaseModel):
    """Extracted data about people."""

    people: list[Person]


llm.bind_tools([Data]).invoke("go")
`;
    const { analysis } = await onlyPrompt('app.py', source);
    assert.deepEqual(toolsOf(analysis.request), [
      {
        name: 'Data',
        description: 'Extracted data about people.',
        parameters: {
          properties: {
            people: {
              items: {
                description: 'Information about a person.',
                properties: { name: { anyOf: [{ type: 'string' }, { type: 'null' }], description: 'The name of the person' } },
                required: ['name'],
                type: 'object',
              },
              type: 'array',
            },
          },
          required: ['people'],
          type: 'object',
        },
      },
    ]);
  });

  it('bind_tools(strict=True) closes the schema and requires every property; tool_choice and parallel_tool_calls as langchain-openai sends them', async () => {
    const source = (choice: string) => `${OPENAI_HEAD}
@tool
def find(word: str, limit: int = 5) -> str:
    """Look a word up."""
    return word


llm.bind_tools([find], strict=True, tool_choice=${choice}, parallel_tool_calls=False).invoke("go")
`;
    const named = await onlyPrompt('app.py', source('"find"'));
    assert.deepEqual(toolsOf(named.analysis.request), [
      {
        name: 'find',
        description: 'Look a word up.',
        parameters: { properties: { word: { type: 'string' }, limit: { default: 5, type: 'integer' } }, required: ['word', 'limit'], type: 'object', additionalProperties: false },
        strict: true,
      },
    ]);
    assert.deepEqual(named.analysis.request.parameters.tool_choice, { type: 'function', function: { name: 'find' } });
    assert.equal(named.analysis.request.parameters.parallel_tool_calls, false);
    assert.equal((await onlyPrompt('app.py', source('"any"'))).analysis.request.parameters.tool_choice, 'required');
    assert.equal((await onlyPrompt('app.py', source('True'))).analysis.request.parameters.tool_choice, 'required');
    assert.equal((await onlyPrompt('app.py', source('"auto"'))).analysis.request.parameters.tool_choice, 'auto');
  });

  it('tool_choice as langchain-anthropic sends it: "any" and "auto" as their type, a name as a tool', async () => {
    const source = (choice: string) => `from langchain_anthropic import ChatAnthropic
from langchain_core.tools import tool


@tool
def find(word: str) -> str:
    """Look a word up."""
    return word


ChatAnthropic(model="claude-sonnet-4-5").bind_tools([find], tool_choice=${choice}).invoke("go")
`;
    assert.deepEqual((await onlyPrompt('app.py', source('"any"'))).analysis.request.parameters.tool_choice, { type: 'any' });
    assert.deepEqual((await onlyPrompt('app.py', source('"find"'))).analysis.request.parameters.tool_choice, { type: 'tool', name: 'find' });
  });

  it('tools LangChain cannot be read for here are said in the estimate, the others counted', async () => {
    const source = `${OPENAI_HEAD}
from pydantic import BaseModel


class Args(BaseModel):
    word: str


@tool(args_schema=Args)
def find(word: str) -> str:
    """Look a word up."""
    return word


@tool
def many(*words: str) -> str:
    """Join words."""
    return " ".join(words)


@tool
def ok(word: str) -> str:
    """Fine."""
    return word


llm.bind_tools([find, many, ok]).invoke("go")
`;
    const { analysis } = await onlyPrompt('app.py', source);
    assert.deepEqual(analysis.request.tools.map((t) => t.name), ['ok']);
    assert.match(analysis.estimateReason ?? '', /`args_schema` is not read here/);
    assert.match(analysis.estimateReason ?? '', /takes \*args or \*\*kwargs/);
  });

  it('tools bound to a Responses model are sent flat', async () => {
    const source = `from langchain_core.tools import tool
from langchain_openai import ChatOpenAI


@tool
def find(word: str) -> str:
    """Look a word up."""
    return word


ChatOpenAI(model="gpt-4.1", use_responses_api=True).bind_tools([find]).invoke("go")
`;
    const { analysis } = await onlyPrompt('app.py', source);
    assert.equal(analysis.format, 'openai-responses');
    assert.deepEqual(analysis.request.tools.map((t) => [t.name, t.description]), [['find', 'Look a word up.']]);
  });
});

describe('parseGoogleDocstring (langchain-core _parse_google_docstring)', () => {
  it('joins the blocks before Args, skips those after Returns, reads typed and continued argument lines', () => {
    const parsed = parseGoogleDocstring('Search things.\n\nMore detail.\n\nArgs:\n    query (str): The query\n        to run.\n    limit: How many.\n\nReturns:\n    The hits.');
    assert.equal(parsed.description, 'Search things. More detail.');
    assert.deepEqual([...parsed.args], [
      ['query', 'The query to run.'],
      ['limit', 'How many.'],
    ]);
  });
});
