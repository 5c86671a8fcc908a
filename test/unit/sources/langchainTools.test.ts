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

  it('with_structured_output of a model defined in the calling function: the same recorded request (langchain-docs classification, moved into a function)', async () => {
    // Everything from the class on, indented into `def classify():`; before, the function's class was not found and the tool not counted.
    const at = CLASSIFICATION.indexOf('class Classification');
    const body = CLASSIFICATION.slice(at).split('\n').map((line) => (line ? `    ${line}` : line));
    const source = `${CLASSIFICATION.slice(0, at)}def classify():\n${body.join('\n')}`;
    await assertReproduces('langchain-docs/classification-5509b6a6-0.json', source, REQUIREMENTS('0.2.14'));
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

  it("a model bound or given as args_schema in the calling function is the class Python finds there: the function's over the module's, none defined only after the call", async () => {
    const models = (indent: string) =>
      `class GetWeather(BaseModel):
    """The function's."""

    place: str
    days: int


class Args(BaseModel):
    query: str = Field(description="What to look for")


@tool(args_schema=Args)
def find(query: str) -> str:
    """Look it up."""
    return query
`.replace(/^(?=.)/gm, indent);
    const source = (body: string) => `${OPENAI_HEAD}
from pydantic import BaseModel, Field


class GetWeather(BaseModel):
    """The module's."""

    city: str


class Args(BaseModel):
    word: str


def ask():
${body}`;
    const call = '    return llm.bind_tools([GetWeather, find]).invoke("Weather in Paris?")\n';
    const { analysis } = await onlyPrompt('app.py', source(`${models('    ')}\n${call}`));
    assert.deepEqual(toolsOf(analysis.request), [
      { name: 'GetWeather', description: "The function's.", parameters: { properties: { place: { type: 'string' }, days: { type: 'integer' } }, required: ['place', 'days'], type: 'object' } },
      { name: 'find', description: 'Look it up.', parameters: { properties: { query: { description: 'What to look for', type: 'string' } }, required: ['query'], type: 'object' } },
    ]);
    assert.equal(analysis.estimateReason, undefined);
    // The count is the one of the same classes written at module level.
    const atModule = `${OPENAI_HEAD}\nfrom pydantic import BaseModel, Field\n\n\n${models('')}\n\ndef ask():\n${call}`;
    assert.equal((await onlyPrompt('app.py', atModule)).analysis.promptTokens, analysis.promptTokens);
    // A class defined only after the call is not the one Python finds there: the model is said not to be counted.
    const after = (await onlyPrompt('app.py', source('    return llm.bind_tools([GetWeather]).invoke("Weather in Paris?")\n    class GetWeather(BaseModel):\n        place: str\n'))).analysis;
    assert.equal(after.request.tools.length, 0);
    assert.ok(after.estimateReasons?.some((r) => r.startsWith('tools bound with `bind_tools` (`GetWeather`)') && r.endsWith('not counted')), String(after.estimateReasons));
  });

  it('tools LangChain cannot be read for here are said in the estimate, the others counted', async () => {
    const source = `${OPENAI_HEAD}
from elsewhere import Args


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
    assert.match(analysis.estimateReason ?? '', /its args_schema `Args` is not a model or schema the source shows/);
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

const TYPED_DICT_JOKE = `from typing import Optional

from langchain_openai import ChatOpenAI
from typing_extensions import Annotated, TypedDict

llm = ChatOpenAI(model="gpt-4o", temperature=0)


class Joke(TypedDict):
    """Joke to tell user."""

    setup: Annotated[str, ..., "The setup of the joke"]

    # Alternatively, we could have specified setup as:

    # setup: str                    # no default, no description
    # setup: Annotated[str, ...]    # no default, no description
    # setup: Annotated[str, "foo"]  # default, no description

    punchline: Annotated[str, ..., "The punchline of the joke"]
    rating: Annotated[Optional[int], None, "How funny the joke is, from 1 to 10"]
`;

describe('LangChain (Python) schemas as recorded: a JSON schema dict and a TypedDict given to with_structured_output', () => {
  // langchain-ai/langchain docs/docs/how_to/structured_output.ipynb, cell 6700994a, cassette
  // structured_output_6700994a @ 74d887dd: the recorded request is a forced tool call (langchain-openai before 0.3.0).
  const JSON_SCHEMA = `from langchain_openai import ChatOpenAI

llm = ChatOpenAI(model="gpt-4o", temperature=0)

json_schema = {
    "title": "joke",
    "description": "Joke to tell user.",
    "type": "object",
    "properties": {
        "setup": {
            "type": "string",
            "description": "The setup of the joke",
        },
        "punchline": {
            "type": "string",
            "description": "The punchline to the joke",
        },
        "rating": {
            "type": "integer",
            "description": "How funny the joke is, from 1 to 10",
            "default": None,
        },
    },
    "required": ["setup", "punchline"],
}
structured_llm = llm.with_structured_output(json_schema)

structured_llm.invoke("Tell me a joke about cats")
`;

  it('a JSON schema dict on langchain-openai 0.2: the tool named by its title, described by its description, its other keys the parameters as written (langchain-docs structured_output 6700994a)', async () => {
    await assertReproduces('langchain-docs/structured-output-6700994a-0.json', JSON_SCHEMA, REQUIREMENTS('0.2.14'));
  });

  it('a TypedDict with Annotated defaults and descriptions on langchain-openai 0.3: the json_schema format written from its pydantic v1 model, as recorded (langchain-docs structured_output d7381cb0)', async () => {
    // The recorded request also carries few-shot messages with tool calls; the format is compared, and the
    // count is that of the recorded body with this call's one message.
    const pair = recorded('langchain-docs/structured-output-d7381cb0-b2c3-4302-a319-ed72d0b9e43f-0.json');
    const { analysis } = await onlyPrompt('app.py', `${TYPED_DICT_JOKE}\nllm.with_structured_output(Joke).invoke("crocodiles")\n`, REQUIREMENTS('0.3.28'));
    const body = parsePrompt('request.json', JSON.stringify(pair.request, null, 2), { format: 'openai-chat' });
    assert.equal((sent(analysis.request) as { format: string }).format, (sent(body) as { format: string }).format);
    assert.deepEqual(analysis.request.responseFormat?.schema, (pair.request.response_format as { json_schema: { schema: unknown } }).json_schema.schema);
    assert.equal(analysis.request.responseFormat?.description, 'Joke to tell user.');
    const oneMessage = { ...pair, request: { ...pair.request, messages: [{ role: 'user', content: 'crocodiles' }] } };
    assert.equal(analysis.promptTokens, (await countPair(oneMessage)).counted);
    assert.equal(analysis.estimateReason, undefined);
  });

  it('the same TypedDict on langchain-openai 0.2 is the forced tool of the same function', async () => {
    const { analysis } = await onlyPrompt('app.py', `${TYPED_DICT_JOKE}\nllm.with_structured_output(Joke).invoke("crocodiles")\n`, REQUIREMENTS('0.2.14'));
    assert.deepEqual(toolsOf(analysis.request), [
      {
        name: 'Joke',
        description: 'Joke to tell user.',
        parameters: {
          type: 'object',
          properties: {
            setup: { description: 'The setup of the joke', type: 'string' },
            punchline: { description: 'The punchline of the joke', type: 'string' },
            rating: { description: 'How funny the joke is, from 1 to 10', type: 'integer' },
          },
          required: ['setup', 'punchline'],
        },
      },
    ]);
    assert.deepEqual(analysis.request.parameters.tool_choice, { type: 'function', function: { name: 'Joke' } });
    assert.equal(analysis.request.parameters.parallel_tool_calls, false);
  });
});

describe('LangChain (Python) tools given as TypedDicts, dicts and args_schema', () => {
  const WEATHER = {
    name: 'get_current_weather',
    description: 'Get the current weather in a given location',
    parameters: `{
        "type": "object",
        "properties": {
            "location": {
                "type": "string",
                "description": "The city and state, e.g. San Francisco, CA",
            },
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
        },
        "required": ["location"],
    }`,
  };
  const weatherSource = (tool: string) => `from langchain_openai import ChatOpenAI

model = ChatOpenAI(model="gpt-4o-mini", temperature=0.7)
weather_tool = ${tool}
model.bind_tools([weather_tool]).invoke("What's the weather in SF, NYC and LA?")
`;

  it('a dict as an OpenAI function, an Anthropic tool or a JSON schema with a title sends the recorded function (langchain-docs binding 2b65beab)', async () => {
    // docs/docs/how_to/binding.ipynb, cassette binding_2b65beab-… @ 67e87c79: an OpenAI tool bound to gpt-4o-mini.
    const file = 'langchain-docs/binding-2b65beab-48bb-46ff-a5a4-ef8ac95a513c-0.json';
    await assertReproduces(file, weatherSource(`{"type": "function", "function": {"name": "${WEATHER.name}", "description": "${WEATHER.description}", "parameters": ${WEATHER.parameters}}}`));
    await assertReproduces(file, weatherSource(`{"name": "${WEATHER.name}", "description": "${WEATHER.description}", "parameters": ${WEATHER.parameters}, "x-note": "left out"}`));
    await assertReproduces(file, weatherSource(`{"name": "${WEATHER.name}", "description": "${WEATHER.description}", "input_schema": ${WEATHER.parameters}}`));
    const schema = WEATHER.parameters.replace('{\n', `{\n        "title": "${WEATHER.name}",\n        "description": "${WEATHER.description}",\n`);
    await assertReproduces(file, weatherSource(schema));
  });

  it('a @tool function without a docstring or a description: LangChain raises, so a warning on the call', async () => {
    const source = `from langchain_core.tools import tool
from langchain_openai import ChatOpenAI

@tool
def lookup(order_id: str) -> str:
    return "shipped"

model = ChatOpenAI(model="gpt-4o")
model.bind_tools([lookup]).invoke("Where is order 42?")
`;
    const prompt = await onlyPrompt('app.py', source);
    const refused = prompt.analysis.findings.filter((f) => f.rule === 'request-refused');
    assert.equal(refused.length, 1);
    assert.match(refused[0].message, /^This call fails as written: .*it has no docstring and no description \(LangChain refuses it\)$/);
    assert.equal(source.slice(refused[0].range!.start, refused[0].range!.end), 'invoke');
  });

  it('a dict without a name or a title is said not to be counted; bind_tools(strict=True) closes a JSON schema dict', async () => {
    const refused = await onlyPrompt('app.py', weatherSource(WEATHER.parameters));
    assert.equal(refused.analysis.request.tools.length, 0);
    assert.match(refused.analysis.estimateReason ?? '', /a dict with neither a `name` nor a `title` is refused by LangChain/);
    // LangChain raises before it sends: a warning on the call too.
    assert.deepEqual(
      refused.analysis.findings.filter((f) => f.rule === 'request-refused').map((f) => [f.severity, f.message.replace(/\(`[^`]*`\)/, '(…)')]),
      [['warning', 'This call fails as written: a tool bound with `bind_tools` (…) is not counted: a dict with neither a `name` nor a `title` is refused by LangChain']],
    );
    const schema = WEATHER.parameters.replace('{\n', `{\n        "title": "${WEATHER.name}",\n`);
    const strict = await onlyPrompt('app.py', weatherSource(schema).replace('bind_tools([weather_tool])', 'bind_tools([weather_tool], strict=True)'));
    assert.deepEqual(toolsOf(strict.analysis.request), [
      {
        name: WEATHER.name,
        description: undefined,
        parameters: {
          type: 'object',
          properties: { location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
          required: ['location', 'unit'],
          additionalProperties: false,
        },
        strict: true,
      },
    ]);
  });

  it('a TypedDict with a nested TypedDict, Google Args, defaults, a literal and a union, as its pydantic v1 model writes it', async () => {
    const source = `from typing import Literal, Optional, Union

from langchain_openai import ChatOpenAI
from typing_extensions import Annotated, TypedDict


class Address(TypedDict):
    """A postal address."""

    city: str
    zip_code: Annotated[Optional[str], None, "The postal code"]


class Person(TypedDict):
    """A person.

    Args:
        name: The full name.
    """

    name: str
    home: Address
    work: Annotated[Optional[Address], None, "Where they work"]
    tags: Annotated[list[str], ["new"], "Labels"]
    kind: Literal["a", "b"]
    either: Union[int, str]


ChatOpenAI(model="gpt-4o").bind_tools([Person]).invoke("go")
`;
    const { analysis } = await onlyPrompt('app.py', source);
    const address = (titles: boolean) => ({
      ...(titles ? { title: 'Address' } : {}),
      description: 'A postal address.',
      type: 'object',
      properties: {
        city: { ...(titles ? { title: 'City' } : {}), type: 'string' },
        zip_code: { ...(titles ? { title: 'Zip Code' } : {}), description: 'The postal code', type: 'string' },
      },
      required: ['city'],
    });
    assert.deepEqual(toolsOf(analysis.request), [
      {
        name: 'Person',
        description: 'A person.',
        parameters: {
          type: 'object',
          properties: {
            name: { description: 'The full name.', type: 'string' },
            // A nested model with nothing beside it is its definition; with a description it is wrapped
            // in allOf, a list LangChain's title removal does not look into.
            home: address(false),
            work: { description: 'Where they work', allOf: [address(true)] },
            tags: { description: 'Labels', default: ['new'], type: 'array', items: { type: 'string' } },
            kind: { enum: ['a', 'b'], type: 'string' },
            either: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
          },
          required: ['name', 'home', 'kind', 'either'],
        },
      },
    ]);
    assert.equal(analysis.estimateReason, undefined);
  });

  it('a TypedDict without a docstring, or with a key of a type not read here, is said not to be counted', async () => {
    const source = (body: string) => `from langchain_openai import ChatOpenAI
from typing_extensions import TypedDict
from elsewhere import Thing


class Query(TypedDict):
${body}


ChatOpenAI(model="gpt-4o").bind_tools([Query]).invoke("go")
`;
    const undocumented = await onlyPrompt('app.py', source('    text: str'));
    assert.equal(undocumented.analysis.request.tools.length, 0);
    assert.match(undocumented.analysis.estimateReason ?? '', /TypedDict Query has no docstring/);
    const unknown = await onlyPrompt('app.py', source('    """A query."""\n\n    thing: Thing'));
    assert.match(unknown.analysis.estimateReason ?? '', /the type `Thing` is not read here/);
  });

  it('@tool(args_schema=Model) and StructuredTool.from_function(args_schema=...): the model\'s fields less the injected ones, without alias or examples; described by the docstring, else the model\'s', async () => {
    const source = `from typing import Annotated

from langchain_core.tools import InjectedToolArg, StructuredTool, tool
from langchain_openai import ChatOpenAI
from pydantic import BaseModel, Field


class Args(BaseModel):
    """Arguments of the lookup."""

    word: str = Field(description="The word", alias="term", examples=["cat"])
    limit: int = Field(5, ge=1)
    user_id: Annotated[str, InjectedToolArg] = ""


@tool(args_schema=Args)
def find(word: str, limit: int = 5, user_id: str = "") -> str:
    """Look a word up."""
    return word


def undocumented(word: str) -> str:
    return word


other = StructuredTool.from_function(func=undocumented, name="other", args_schema=Args)
bydict = StructuredTool.from_function(
    func=undocumented,
    name="bydict",
    description="By dict.",
    args_schema={"title": "X", "type": "object", "properties": {"q": {"type": "string", "title": "Q"}}, "required": ["q"]},
)

ChatOpenAI(model="gpt-4o").bind_tools([find, other, bydict]).invoke("go")
`;
    const { analysis } = await onlyPrompt('app.py', source);
    const parameters = { properties: { word: { description: 'The word', type: 'string' }, limit: { default: 5, minimum: 1, type: 'integer' } }, required: ['word'], type: 'object' };
    assert.deepEqual(toolsOf(analysis.request), [
      { name: 'find', description: 'Look a word up.', parameters },
      { name: 'other', description: 'Arguments of the lookup.', parameters },
      { name: 'bydict', description: 'By dict.', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } },
    ]);
    assert.equal(analysis.estimateReason, undefined);
  });
});

describe('LangChain (Python) structured output on a Responses model', () => {
  const RESPONSES = (options: string, call: string) => `${TYPED_DICT_JOKE.replace('ChatOpenAI(model="gpt-4o", temperature=0)', `ChatOpenAI(model="gpt-4o", ${options})`)}
from pydantic import BaseModel


class Answer(BaseModel):
    """An answer."""

    text: str


${call}
`;

  it('a TypedDict is sent as text.format {type: json_schema, name, description, strict, schema}', async () => {
    const { analysis } = await onlyPrompt('app.py', RESPONSES('use_responses_api=True', 'llm.with_structured_output(Joke).invoke("crocodiles")'), REQUIREMENTS('0.3.28'));
    assert.equal(analysis.format, 'openai-responses');
    assert.equal(analysis.request.responseFormat?.name, 'Joke');
    assert.equal(analysis.request.responseFormat?.description, 'Joke to tell user.');
    assert.equal(analysis.request.responseFormat?.strict, false);
    assert.deepEqual((analysis.request.responseFormat?.schema as { required: string[] }).required, ['setup', 'punchline']);
    assert.equal(analysis.estimateReason, undefined);
  });

  it('a pydantic model goes through responses.parse (its strict schema); streamed, it is said not to be counted', async () => {
    const invoked = await onlyPrompt('app.py', RESPONSES('reasoning={"effort": "low"}', 'llm.with_structured_output(Answer, strict=True).invoke("why?")'), REQUIREMENTS('0.3.28'));
    assert.equal(invoked.analysis.format, 'openai-responses');
    assert.equal(invoked.analysis.request.responseFormat?.name, 'Answer');
    assert.equal(invoked.analysis.request.responseFormat?.strict, true);
    assert.equal((invoked.analysis.request.responseFormat?.schema as { additionalProperties: boolean }).additionalProperties, false);
    const streamed = await onlyPrompt('app.py', RESPONSES('use_responses_api=True', 'llm.with_structured_output(Answer).stream("why?")'), REQUIREMENTS('0.3.28'));
    assert.equal(streamed.analysis.request.responseFormat, undefined);
    assert.match(streamed.analysis.estimateReason ?? '', /streamed from a Responses model/);
  });

  it('function_calling on a Responses model: the flat tool, forced by {type: "function", name}; use_responses_api=False keeps Chat Completions', async () => {
    const forced = await onlyPrompt('app.py', RESPONSES('use_responses_api=True', 'llm.with_structured_output(Joke, method="function_calling").invoke("crocodiles")'));
    assert.equal(forced.analysis.format, 'openai-responses');
    assert.deepEqual(forced.analysis.request.tools.map((t) => t.name), ['Joke']);
    assert.deepEqual(forced.analysis.request.parameters.tool_choice, { type: 'function', name: 'Joke' });
    const chat = await onlyPrompt('app.py', RESPONSES('use_responses_api=False, reasoning={"effort": "low"}', 'llm.with_structured_output(Joke).invoke("crocodiles")'), REQUIREMENTS('0.3.28'));
    assert.equal(chat.analysis.format, 'openai-chat');
    assert.equal(chat.analysis.request.responseFormat?.name, 'Joke');
  });
});
