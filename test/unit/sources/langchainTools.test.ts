import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parsePrompt } from '../../../src/core/formats';
import type { PromptRequest } from '../../../src/core/model';
import { parseGoogleDocstring } from '../../../src/core/sources/langchainTools';
import { countPair, CORPUS_DIR, type RecordedPair } from '../../recordedCorpus';
import { onlyPrompt } from './helpers';

/** A recorded request of the corpus, with the usage the API answered. */
function recorded(file: string): RecordedPair {
  const raw = JSON.parse(readFileSync(join(CORPUS_DIR, file), 'utf8')) as Omit<RecordedPair, 'file'>;
  return { ...raw, api: raw.api ?? 'chat', file };
}

/** What a request sends that the count reads: model, system, messages, tools, format and the tool parameters. */
function sent(request: PromptRequest): unknown {
  const text = (parts: PromptRequest['messages'][number]['parts']) => parts.map((p) => (p.type === 'text' ? p.piece.text : p.type));
  return {
    model: request.model?.name,
    system: request.system?.map((s) => s.text),
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
