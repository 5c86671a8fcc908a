import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePrompt, type Analysis } from '../../../src/core/analyze';
import { parsePrompt } from '../../../src/core/formats';
import type { PromptRequest } from '../../../src/core/model';
import { countPair, loadPair, recordedPromptTokens, type RecordedPair } from '../../recordedCorpus';
import { longText, onlyPrompt, promptsOf } from './helpers';

const recorded = (file: string): RecordedPair => loadPair(file);

/** What a request sends, for comparing ours with a recorded body: model, instructions, messages, tools, format and the parameters that change the count. */
function sent(request: PromptRequest): unknown {
  const text = (parts: PromptRequest['messages'][number]['parts']) => parts.map((p) => (p.type === 'text' ? p.piece.text : p.type));
  return {
    model: request.model?.name,
    instructions: request.instructions?.text,
    messages: request.messages.map((m) => ({ role: m.role, parts: text(m.parts) })),
    tools: request.tools.map((t) => JSON.stringify({ type: t.type, name: t.name, description: t.description, parameters: t.parameters, strict: t.strict })),
    format: request.responseFormat && JSON.stringify({ name: request.responseFormat.name, schema: request.responseFormat.schema, strict: request.responseFormat.strict }),
    parallel_tool_calls: request.parameters.parallel_tool_calls,
    tool_choice: request.parameters.tool_choice,
  };
}

/**
 * The call in `source` sends the request the pair recorded, and our count of it is the count of
 * the recorded body: the usage the API answered, or for a pair whose difference the corpus puts in
 * the recording, that usage plus the difference.
 */
async function assertReproduces(file: string, source: string, files: Record<string, string> = {}): Promise<void> {
  const pair = recorded(file);
  const { analysis } = await onlyPrompt('app.py', source, files);
  const body = parsePrompt('request.json', JSON.stringify(pair.request, null, 2), { format: pair.api === 'chat' ? 'openai-chat' : 'openai-responses' });
  assert.deepEqual(sent(analysis.request), sent(body));
  const counted = await countPair(pair);
  assert.equal(analysis.promptTokens, counted.counted);
  assert.equal(counted.counted, recordedPromptTokens(pair) + (pair.knownDifference?.tokens ?? 0));
}

const UV_LOCK = (version: string) => `version = 1\n\n[[package]]\nname = "openai-agents"\nversion = "${version}"\nsource = { registry = "https://pypi.org/simple" }\n`;
const POETRY_LOCK = (version: string) => `[[package]]\nname = "openai-agents"\nversion = "${version}"\ndescription = "OpenAI Agents SDK"\noptional = true\n`;

// The agents and runs of DataDog/dd-trace-py tests/contrib/openai_agents (conftest.py, test_openai_agents.py)
// @ 3bb9ecda22830e3303b18b0ffa5abe7586aef6a7, as a user writes them.
const DD_TOOLS = `from agents import Agent, Runner, function_tool


@function_tool
def research(query: str) -> str:
    """Research the internet on a topic.

    Args:
        query: The query to search the internet for

    Returns:
        A comprehensive research report responding to the query
    """
    return "united beat liverpool 2-1 yesterday."


@function_tool
def add(a: int, b: int) -> int:
    """Add two numbers together"""
    return a + b
`;

const RESEARCH_WORKFLOW = `${DD_TOOLS}
summarizer = Agent(
    name="Summarizer",
    instructions="""You are a helpful assistant that can summarize a research results.""",
    model="gpt-4o",
)
researcher = Agent(
    name="Researcher",
    instructions=(
        "You are a helpful assistant that can research a topic using your research tool. "
        "Always research the topic before summarizing."
    ),
    tools=[research],
    handoffs=[summarizer],
    model="gpt-4o",
)
`;

// wrisa/opentelemetry-python-genai instrumentation/opentelemetry-instrumentation-genai-openai-agents/tests/conformance/orchestration.py @ 981b2ce735
// (openai-agents 0.17.4 pinned), as a user writes it.
const ORCHESTRATION = `import asyncio

from agents import Agent, Runner, function_tool

DEFAULT_MODEL = "gpt-4o-mini"


@function_tool
def get_weather(city: str) -> str:
    """Return a canned weather forecast for the requested city."""

    return f"The forecast for {city} is sunny with a high of 24C."


def _build_triage_agent() -> Agent:
    weather_specialist = Agent(
        name="weather_specialist",
        instructions=(
            "You answer weather questions. Always call the get_weather tool "
            "for the requested city, then summarize the result in one short "
            "sentence with a packing suggestion."
        ),
        tools=[get_weather],
        model=DEFAULT_MODEL,
    )
    return Agent(
        name="triage",
        instructions=(
            "You are a triage agent. If the user asks about weather, "
            "hand off to weather_specialist. Otherwise answer briefly yourself."
        ),
        handoffs=[weather_specialist],
        model=DEFAULT_MODEL,
    )


def main():
    triage = _build_triage_agent()
    asyncio.run(
        Runner.run(
            triage,
            "I'm visiting Barcelona this weekend. "
            "Should I pack a jacket?",
        )
    )
`;

describe('OpenAI Agents SDK (Python): the first request of Runner.run, checked against recorded requests', () => {
  it('an agent with instructions: the instructions and one user message (dd-trace-py simple-agent)', async () => {
    await assertReproduces(
      'dd-trace-py/simple-agent-1.json',
      `from agents import Agent, Runner

agent = Agent(
    name="Simple Agent",
    instructions="You are a helpful assistant who answers questions concisely and accurately.",
    model="gpt-4o",
)


async def main():
    await Runner.run(agent, "What is the capital of France?")
`,
    );
  });

  it('a @function_tool: a strict function whose schema comes from the signature and whose description is the docstring (dd-trace-py single-agent-with-tool-calls)', async () => {
    await assertReproduces(
      'dd-trace-py/single-agent-with-tool-calls-1.json',
      `${DD_TOOLS}
addition_agent = Agent(
    name="Addition Agent",
    instructions="You are a helpful assistant specialized in addition calculations.",
    tools=[add],
    model="gpt-4o",
)


async def main():
    await Runner.run(addition_agent, "What is the sum of 1 and 2?")
`,
    );
  });

  it('@tool from agents.decorators (the SDK\'s alias of function_tool since 0.19) is the same recorded request', async () => {
    await assertReproduces(
      'dd-trace-py/single-agent-with-tool-calls-1.json',
      `${DD_TOOLS.replace('from agents import Agent, Runner, function_tool', 'from agents import Agent, Runner\nfrom agents.decorators import tool').replaceAll('@function_tool', '@tool')}
addition_agent = Agent(
    name="Addition Agent",
    instructions="You are a helpful assistant specialized in addition calculations.",
    tools=[add],
    model="gpt-4o",
)


async def main():
    await Runner.run(addition_agent, "What is the sum of 1 and 2?")
`,
    );
  });

  it('@function_tool(name_override=...) names the tool and its parameters model (dd-trace-py agent-with-tool-errors)', async () => {
    await assertReproduces(
      'dd-trace-py/agent-with-tool-errors-1.json',
      `from agents import Agent, Runner, function_tool


@function_tool(name_override="add")
def add_with_error(a: int, b: int) -> int:
    """Add two numbers together"""
    raise ValueError("This is a test error")


agent = Agent(
    name="Addition Agent",
    instructions=(
        "You are a helpful assistant specialized in addition calculations. "
        "Do not retry the tool call if it errors and instead return immediately"
    ),
    tools=[add_with_error],
    model="gpt-4o",
)


async def main():
    await Runner.run(agent, "What is the sum of 1 and 2?")
`,
    );
  });

  it('a Google docstring gives the parameter descriptions; a handoff is a transfer_to_<agent> function after the tools (dd-trace-py multiple-agent-handoffs)', async () => {
    await assertReproduces(
      'dd-trace-py/multiple-agent-handoffs-1.json',
      `${RESEARCH_WORKFLOW}

async def main():
    await Runner.run(researcher, "What is a brief summary of what happened yesterday in the soccer world??")
`,
    );
  });

  it('set_default_openai_api("chat_completions"): the instructions as a system message, tools in the Chat format without strict before 0.6.4 (dd-trace-py, openai-agents 0.0.8)', async () => {
    await assertReproduces(
      'dd-trace-py/multiple-agent-handoffs-with-chat-completions-1.json',
      `${RESEARCH_WORKFLOW}
from agents import set_default_openai_api

set_default_openai_api("chat_completions")


async def main():
    await Runner.run(researcher, "Research and then summarize what happened yesterday in the soccer world")
`,
      { 'requirements.txt': 'openai==1.70.0\nopenai-agents==0.0.8\n' },
    );
  });

  it('WebSearchTool(user_location=UserLocation(...)) is web_search_preview before openai-agents 0.3.0 (dd-trace-py single-agent-with-ootb-tools, 0.0.16)', async () => {
    await assertReproduces(
      'dd-trace-py-history/test-single-agent-with-ootb-tools-0.json',
      `from agents import Agent, Runner, WebSearchTool
from openai.types.responses.web_search_tool_param import UserLocation

web_search = WebSearchTool(user_location=UserLocation(type="approximate", city="New York"))

weather_agent = Agent(
    name="Weather Agent",
    instructions=("You are a helpful assistant specialized in searching the web for weather information."),
    tools=[web_search],
    model="gpt-4o",
)


def main():
    Runner.run_sync(weather_agent, "What is the weather like in New York right now?")
`,
      { 'requirements.txt': 'openai-agents==0.0.16\n' },
    );
  });

  // rungalileo/galileo-python tests/test_openai_agents.py @ a1a0821789e77b4e6ff9bd3fc8cb862fd256d2ca, recorded with
  // openai-agents 0.0.7 (poetry.lock): the default model gpt-4o, and parallel_tool_calls=False sent by default.
  const GALILEO = `from pydantic import BaseModel
from agents import Agent, InputGuardrail, GuardrailFunctionOutput, Runner


class HomeworkOutput(BaseModel):
    is_homework: bool
    reasoning: str


guardrail_agent = Agent(
    name="Guardrail check", instructions="Check if the user is asking about homework.", output_type=HomeworkOutput
)

math_tutor_agent = Agent(
    name="Math Tutor",
    handoff_description="Specialist agent for math questions",
    instructions="You provide help with math problems. Explain your reasoning at each step and include examples",
)

history_tutor_agent = Agent(
    name="History Tutor",
    handoff_description="Specialist agent for historical questions",
    instructions="You provide assistance with historical queries. Explain important events and context clearly.",
)


async def homework_guardrail(ctx, agent, input_data):
    result = await Runner.run(guardrail_agent, "who was the first president of the united states?", context=ctx.context)
    final_output = result.final_output_as(HomeworkOutput)
    return GuardrailFunctionOutput(output_info=final_output, tripwire_triggered=not final_output.is_homework)


triage_agent = Agent(
    name="Triage Agent",
    instructions="You determine which agent to use based on the user's homework question",
    handoffs=[history_tutor_agent, math_tutor_agent],
    input_guardrails=[InputGuardrail(guardrail_function=homework_guardrail)],
)
`;

  it('no model and openai-agents 0.0.7 pinned: gpt-4o, with parallel_tool_calls false (galileo-python openai_agents)', async () => {
    await assertReproduces(
      'galileo-python/openai_agents-0.json',
      `from agents import Agent, Runner


async def main():
    agent = Agent(name="Assistant", instructions="You are the worlds best assistant.")
    result = await Runner.run(agent, "Write a haiku about recursion in programming.")
    print(result.final_output)
`,
      { 'poetry.lock': POETRY_LOCK('0.0.7') },
    );
  });

  it("handoffs carry the target agent's handoff_description (galileo-python openai_agents_complex)", async () => {
    const prompts = await promptsOf('app.py', `${GALILEO}\n\nasync def main():\n    await Runner.run(triage_agent, "who was the first president of the united states?")\n`, { 'poetry.lock': POETRY_LOCK('0.0.7') });
    assert.equal(prompts.length, 2);
    const pair = recorded('galileo-python/openai_agents_complex-0.json');
    const body = parsePrompt('request.json', JSON.stringify(pair.request), { format: 'openai-responses' });
    assert.deepEqual(sent(prompts[1].analysis.request), sent(body));
    assert.equal(prompts[1].analysis.promptTokens, recordedPromptTokens(pair));
  });

  it('output_type=Model: text.format a strict json_schema named final_output (galileo-python openai_agents_complex guardrail)', async () => {
    const prompts = await promptsOf('app.py', GALILEO, { 'poetry.lock': POETRY_LOCK('0.0.7') });
    const pair = recorded('galileo-python/openai_agents_complex-1.json');
    const body = parsePrompt('request.json', JSON.stringify(pair.request), { format: 'openai-responses' });
    assert.deepEqual(sent(prompts[0].analysis.request), sent(body));
    assert.equal(prompts[0].analysis.promptTokens, (await countPair(pair)).counted);
  });

  it('output_type of a model defined in the calling function: the same recorded request (galileo-python guardrail, its agent built in the guardrail)', async () => {
    const source = `from pydantic import BaseModel
from agents import Agent, GuardrailFunctionOutput, Runner


async def homework_guardrail(ctx, agent, input_data):
    class HomeworkOutput(BaseModel):
        is_homework: bool
        reasoning: str

    guardrail_agent = Agent(
        name="Guardrail check", instructions="Check if the user is asking about homework.", output_type=HomeworkOutput
    )
    result = await Runner.run(guardrail_agent, "who was the first president of the united states?", context=ctx.context)
    final_output = result.final_output_as(HomeworkOutput)
    return GuardrailFunctionOutput(output_info=final_output, tripwire_triggered=not final_output.is_homework)
`;
    const { analysis } = await onlyPrompt('app.py', source, { 'poetry.lock': POETRY_LOCK('0.0.7') });
    const pair = recorded('galileo-python/openai_agents_complex-1.json');
    const body = parsePrompt('request.json', JSON.stringify(pair.request), { format: 'openai-responses' });
    assert.deepEqual(sent(analysis.request), sent(body));
    assert.equal(analysis.promptTokens, (await countPair(pair)).counted);
    assert.ok(!(analysis.estimateReasons ?? []).some((r) => r.startsWith('the output type')), String(analysis.estimateReasons));
  });

  // langchain-ai/langsmith-sdk python/tests/integration_tests/wrappers/test_openai_agents.py @ bc8dd672a7b9e7d09bcb2fdada0baff80700f9b0;
  // the cassettes of 2026-04-10 were recorded with openai-agents 0.13.5 (python/uv.lock), the one of 2025-08-01 with 0.2.4.
  it('no model, openai-agents 0.2.4 locked: gpt-4o (langsmith-sdk tracing processor)', async () => {
    await assertReproduces(
      'langsmith-sdk/openai-agents-test-openai-agents-tracing-processor-0.json',
      `from agents import Agent, Runner

agent = Agent(
    name="Captain Obvious",
    instructions="You are Captain Obvious, the world's"
    + " most literal technical support agent.",
)

question = (
    "Why is my code failing when I try to divide by zero?"
    " I keep getting this error message."
)


async def main():
    result = await Runner.run(agent, question)
    return result.final_output
`,
      { 'uv.lock': UV_LOCK('0.2.4') },
    );
  });

  it('no model, openai-agents 0.13.5 locked: gpt-4.1; a tool without a docstring has an empty description (langsmith-sdk)', async () => {
    await assertReproduces(
      'langsmith-sdk/openai-agents-test-traceable-decorator-nests-under-agent-trace-0.json',
      `from agents import Agent, Runner, function_tool


def helper_function(x: int, y: int) -> int:
    return x + y


async def main():
    @function_tool
    def calculate_sum(a: int, b: int) -> str:
        result = helper_function(a, b)
        return f"The sum is {result}"

    agent = Agent(
        name="Calculator Agent",
        instructions="You are a calculator.",
        tools=[calculate_sum],
    )
    await Runner.run(agent, "Calculate 5 + 3")
`,
      { 'uv.lock': UV_LOCK('0.13.5') },
    );
  });

  it('a one-line docstring is the description (langsmith-sdk wrap_openai)', async () => {
    await assertReproduces(
      'langsmith-sdk/openai-agents-test-wrap-openai-nests-under-agent-trace-0.json',
      `import openai
from agents import Agent, Runner, function_tool

openai_client = openai.OpenAI()


@function_tool
def call_openai_helper(query: str) -> str:
    """A helper function that calls OpenAI using wrap_openai."""
    return "No response"


agent = Agent(
    name="Test Agent",
    instructions="You are a helpful assistant.",
    tools=[call_openai_helper],
)


async def main():
    await Runner.run(agent, "Use the call_openai_helper tool to answer: What is 2+2?")
`,
      { 'uv.lock': UV_LOCK('0.13.5') },
    );
  });

  it('agent.as_tool(tool_name=..., tool_description=...) from openai-agents 0.8: the AgentAsToolInput model (langsmith-sdk)', async () => {
    await assertReproduces(
      'langsmith-sdk/openai-agents-test-ls-agent-type-metadata-0.json',
      `from agents import Agent, Runner

tool_agent = Agent(
    name="Tool Agent",
    instructions="You are a math expert. Answer math questions concisely.",
)

main_agent = Agent(
    name="Assistant",
    instructions=(
        "You are a helpful assistant. Use the tool_agent tool for math questions."
    ),
    tools=[
        tool_agent.as_tool(
            tool_name="tool_agent",
            tool_description="Use this tool for math questions",
        )
    ],
)


async def main():
    await Runner.run(main_agent, "What is 2 + 2?")
`,
      { 'uv.lock': UV_LOCK('0.13.5') },
    );
  });

  it("a handoff's name in function style: transfer_to_handoff_agent (langsmith-sdk)", async () => {
    await assertReproduces(
      'langsmith-sdk/openai-agents-test-ls-agent-type-metadata-for-handoffs-0.json',
      `from agents import Agent, Runner

handoff_agent = Agent(
    name="Handoff Agent",
    instructions="You are a math expert. Answer math questions concisely.",
)

main_agent = Agent(
    name="Assistant",
    instructions=(
        "You are a helpful assistant. Hand off to Handoff Agent for math questions."
    ),
    handoffs=[handoff_agent],
)


async def main():
    await Runner.run(main_agent, "What is 2 + 2?")
`,
      { 'uv.lock': UV_LOCK('0.13.5') },
    );
  });

  // pydantic/logfire tests/otel_integrations/test_openai_agents.py @ c4f4b88bf1 (openai-agents 0.9.0 in uv.lock),
  // which sets OPENAI_DEFAULT_MODEL.
  it('OPENAI_DEFAULT_MODEL set in the file is the model of an agent without one; no instructions (logfire test_responses_simple)', async () => {
    const prompts = await promptsOf(
      'app.py',
      `import os

from agents import Agent, Runner, trace

os.environ['OPENAI_DEFAULT_MODEL'] = 'gpt-4o'


async def main():
    agent1 = Agent(name='agent1')

    with trace('my_trace', trace_id='trace_123'):
        result = await Runner.run(agent1, input='2+2?')
        await Runner.run(agent1, input=result.to_input_list() + [{'role': 'user', 'content': '4?'}])
`,
      { 'uv.lock': UV_LOCK('0.9.0') },
    );
    assert.equal(prompts.length, 2);
    const pair = recorded('logfire-openai/test-responses-simple-0.json');
    const body = parsePrompt('request.json', JSON.stringify(pair.request), { format: 'openai-responses' });
    assert.deepEqual(sent(prompts[0].analysis.request), sent(body));
    assert.equal(prompts[0].analysis.promptTokens, recordedPromptTokens(pair));
    assert.equal(prompts[0].analysis.estimate, false, prompts[0].analysis.estimateReason);
    // The second run continues the first: its earlier items are known only at run time.
    assert.match(prompts[1].analysis.estimateReason ?? '', /result\.to_input_list\(\)/);
  });

  it('FileSearchTool(...) as the file_search tool; its search results are billed beyond the request (logfire test_file_search)', async () => {
    const pair = recorded('logfire-openai/test-file-search-0.json');
    const { analysis } = await onlyPrompt(
      'app.py',
      `import os

from agents import Agent, FileSearchTool, Runner

os.environ['OPENAI_DEFAULT_MODEL'] = 'gpt-4o'

agent = Agent(
    name='agent',
    tools=[FileSearchTool(max_num_results=1, vector_store_ids=['vs_67cd9e6afeb4819198cbffafab95d8ba'])],
)


async def main():
    await Runner.run(agent, 'Who made Logfire?')
`,
      { 'uv.lock': UV_LOCK('0.9.0') },
    );
    const body = parsePrompt('request.json', JSON.stringify(pair.request), { format: 'openai-responses' });
    assert.deepEqual(sent(analysis.request), sent(body));
    assert.equal(analysis.promptTokens, (await countPair(pair)).counted);
    assert.equal(analysis.estimate, (await countPair(pair)).estimate);
  });

  it('OpenAIChatCompletionsModel(...) as the model: a Chat Completions request (logfire test_chat_completions)', async () => {
    await assertReproduces(
      'logfire-openai/test-chat-completions-0.json',
      `from openai import AsyncOpenAI
from agents import Agent, OpenAIChatCompletionsModel, Runner


async def main():
    model = OpenAIChatCompletionsModel('gpt-4o', AsyncOpenAI())
    agent = Agent[str](name='my_agent', model=model)
    await Runner.run(agent, '1+1?')
`,
      { 'uv.lock': UV_LOCK('0.9.0') },
    );
  });

  // wrisa/opentelemetry-python-genai instrumentation/opentelemetry-instrumentation-genai-openai-agents/tests/conformance/orchestration.py @ 981b2ce735.
  it('an agent a function builds and returns, its model a module constant (opentelemetry-python-genai orchestration)', async () => {
    await assertReproduces(
      'opentelemetry-python-genai/orchestration-conformance-0.json',
      ORCHESTRATION,
      { 'requirements.txt': 'openai-agents==0.17.4\n' },
    );
  });
});

/** The one Agents SDK run of a file, and the request it sends first. */
async function run(source: string, files: Record<string, string> = {}) {
  const { analysis, call } = await onlyPrompt('app.py', source, files);
  return { analysis, call, request: analysis.request, reasons: analysis.estimateReasons ?? [] };
}

const toolsOf = (request: PromptRequest) => request.tools.map((t) => ({ type: t.type, name: t.name, description: t.description, parameters: t.parameters, strict: t.strict }));

describe('OpenAI Agents SDK (Python): which calls are agent runs', () => {
  it('Runner.run, run_sync and run_streamed send the same first request', async () => {
    const prompts = await promptsOf(
      'app.py',
      `import agents
from agents import Agent, Runner as R

agent = Agent(name="Helper", instructions="Answer briefly.", model="gpt-4.1")


async def main():
    await R.run(agent, "Hi")
    R.run_sync(agent, "Hi")
    result = agents.Runner.run_streamed(starting_agent=agent, input="Hi")
`,
    );
    assert.deepEqual(
      prompts.map((p) => [p.call.callee, p.call.api]),
      [
        ['R.run', 'responses'],
        ['R.run_sync', 'responses'],
        ['agents.Runner.run_streamed', 'responses'],
      ],
    );
    assert.equal(new Set(prompts.map((p) => p.analysis.promptTokens)).size, 1);
    assert.equal(prompts[0].analysis.request.instructions?.text, 'Answer briefly.');
    assert.equal(prompts[0].analysis.estimate, false, prompts[0].analysis.estimateReason);
  });

  it('a run() of anything else is no LLM call: asyncio.run, subprocess.run, another package\'s Runner', async () => {
    const prompts = await promptsOf(
      'app.py',
      `import asyncio
import subprocess
from agents import Agent
from myapp.jobs import Runner

agent = Agent(name="Helper", instructions="Answer briefly.")


class Job:
    def run(self, agent, text):
        return text


async def main():
    subprocess.run(["ls"])
    Runner.run(agent, "Hi")
    Job().run(agent, "Hi")


asyncio.run(main())
`,
    );
    assert.equal(prompts.length, 0);
  });

  it('a file that does not import the Agents SDK is not read for runs', async () => {
    const prompts = await promptsOf('app.py', `from openai import OpenAI\nfrom runner import Runner\n\nRunner.run(agent, "Hi")\n`);
    assert.equal(prompts.length, 0);
  });

  it('an agent the source does not tell: the input is counted, and the size is said to be unknown', async () => {
    const { analysis, reasons } = await run(`from agents import Runner\n\n\nasync def main(agent):\n    await Runner.run(agent, "Hello")\n`);
    assert.ok(reasons.some((r) => /the agent is `agent`, made where the source does not tell/.test(r)), reasons.join('\n'));
    assert.match(analysis.sizeUnknown ?? '', /agent/);
    assert.ok(!analysis.findings.some((f) => f.rule === 'prefix-below-minimum'));
  });

  it('a SandboxAgent: its model and instructions are read, and what its sandbox adds leaves the size unknown, saying so', async () => {
    const source = (cls: string, module: string) =>
      `from agents import Runner\nfrom ${module} import ${cls}\n\nagent = ${cls}(name="coder", instructions="Fix the failing test.", model="gpt-5")\n\nasync def main():\n    return await Runner.run(agent, "Go.")\n`;
    const sandbox = await run(source('SandboxAgent', 'agents.sandbox'));
    const plain = await run(source('Agent', 'agents'));
    assert.equal(sandbox.analysis.model, 'gpt-5');
    assert.match(sandbox.analysis.sizeUnknown ?? '', /the agent `agent` is a SandboxAgent, whose sandbox adds instructions and tools when it runs/);
    assert.ok(sandbox.reasons.some((r) => /is a SandboxAgent: the instructions and tools its sandbox capabilities and manifest add when it runs are not counted/.test(r)), sandbox.reasons.join('\n'));
    assert.equal(plain.analysis.sizeUnknown, undefined);
    assert.equal(sandbox.analysis.promptTokens, plain.analysis.promptTokens, 'what the source tells is counted alike');
  });
});

describe('OpenAI Agents SDK (Python): the default model', () => {
  const SOURCE = `from agents import Agent, Runner\n\nagent = Agent(name="Helper", instructions="Answer briefly.")\n\nRunner.run_sync(agent, "Hi")\n`;

  it('no model and no pinned version: counted as the latest default, the estimate says why', async () => {
    const { request, reasons } = await run(SOURCE);
    assert.equal(request.model?.name, 'gpt-5.6-luna');
    assert.ok(reasons.some((r) => /default depends on its version \(gpt-4o before 0\.2\.9, gpt-4\.1 before 0\.16, gpt-5\.4-mini before 0\.20, gpt-5\.6-luna since/.test(r) && /no pinned `openai-agents` version/.test(r)), reasons.join('\n'));
  });

  for (const [file, text, model] of [
    ['requirements.txt', 'openai>=1.0\nopenai-agents==0.2.4  # pinned\n', 'gpt-4o'],
    ['pyproject.toml', '[project]\ndependencies = [\n  "openai-agents[voice]==0.13.5",\n]\n', 'gpt-4.1'],
    ['uv.lock', UV_LOCK('0.17.4'), 'gpt-5.4-mini'],
    ['poetry.lock', POETRY_LOCK('0.21.0'), 'gpt-5.6-luna'],
    ['pyproject.toml', '[tool.poetry.dependencies]\nopenai-agents = "0.2.9"\n', 'gpt-4.1'],
  ] as const) {
    it(`${file} pinning ${/[\d.]+\d/.exec(text.replace('1.0', ''))?.[0]}: ${model}, shown as exact`, async () => {
      const { request, analysis } = await run(SOURCE, { [file]: text });
      assert.equal(request.model?.name, model);
      assert.equal(analysis.estimate, false, analysis.estimateReason);
    });
  }

  it('a version range pins nothing', async () => {
    const { request, reasons } = await run(SOURCE, { 'requirements.txt': 'openai-agents>=0.2.4\n' });
    assert.equal(request.model?.name, 'gpt-5.6-luna');
    assert.ok(reasons.some((r) => /no pinned `openai-agents` version/.test(r)));
  });

  it('OPENAI_DEFAULT_MODEL set in the file, and RunConfig(model=...) over the agent\'s', async () => {
    const set = await run(`import os\nfrom agents import Agent, Runner\n\nos.environ.setdefault("OPENAI_DEFAULT_MODEL", "gpt-4o-mini")\nagent = Agent(name="Helper")\nRunner.run_sync(agent, "Hi")\n`);
    assert.equal(set.request.model?.name, 'gpt-4o-mini');
    assert.equal(set.analysis.estimate, false, set.analysis.estimateReason);
    const config = await run(`from agents import Agent, Runner, RunConfig\n\nagent = Agent(name="Helper", model="gpt-4o")\nRunner.run_sync(agent, "Hi", run_config=RunConfig(model="gpt-4.1-mini"))\n`);
    assert.equal(config.request.model?.name, 'gpt-4.1-mini');
  });

  it('a litellm/ or any-llm/ model name goes through another library: an estimate, as LitellmModel(...) is', async () => {
    for (const [model, library] of [
      ['litellm/openai/gpt-4o-mini', 'LiteLLM'],
      ['any-llm/openrouter/openai/gpt-4.1', 'any-llm'],
    ]) {
      const { analysis, reasons } = await run(`from agents import Agent, Runner\n\nagent = Agent(name="Helper", instructions="Answer briefly.", model="${model}")\nRunner.run_sync(agent, "Hi")\n`, { 'uv.lock': UV_LOCK('0.17.4') });
      assert.equal(analysis.estimate, true, model);
      assert.ok(reasons.some((r) => r.includes(`\`${model}\` sends its request through another library (${library})`)), reasons.join('\n'));
    }
    const openai = await run(`from agents import Agent, Runner\n\nagent = Agent(name="Helper", instructions="Answer briefly.", model="openai/gpt-4.1")\nRunner.run_sync(agent, "Hi")\n`, { 'uv.lock': UV_LOCK('0.17.4') });
    assert.equal(openai.analysis.estimate, false, openai.analysis.estimateReason);
  });
});

describe('OpenAI Agents SDK (Python): instructions and input', () => {
  it('instructions as a function: counted as what it returns, said in the estimate', async () => {
    const { request, reasons } = await run(`from agents import Agent, Runner


def instructions_for(context, agent):
    return f"You help {context.context.user_name}. Answer in {agent.name}'s voice."


agent = Agent(name="Helper", instructions=instructions_for, model="gpt-4o")
Runner.run_sync(agent, "Hi")
`);
    assert.equal(request.instructions?.text, "You help {context.context.user_name}. Answer in {agent.name}'s voice.");
    assert.ok(reasons.some((r) => r === 'the instructions are written by the function `instructions_for` on every run: counted as what it returns, with its arguments unknown'), reasons.join('\n'));
  });

  it('instructions a function builds step by step: not counted, and said so', async () => {
    const { request, reasons } = await run(`from agents import Agent, Runner


async def instructions_for(context, agent):
    if context.context.admin:
        return "You are talking to an admin."
    return "You are talking to a user."


agent = Agent(name="Helper", instructions=instructions_for, model="gpt-4o")
Runner.run_sync(agent, "Hi")
`);
    assert.equal(request.instructions?.text, 'instructions_for');
    assert.ok(reasons.some((r) => /written by the function `instructions_for` on every run: not counted/.test(r)), reasons.join('\n'));
  });

  it('a clock reading in the instructions breaks the cached prefix there, as in any other call', async () => {
    const POLICY = 'Rule: answer with care, cite the source and keep it short. '.repeat(120);
    const source = `from datetime import datetime
from agents import Agent, Runner

POLICY = "${POLICY}"

agent = Agent(
    name="Helper",
    instructions=f"Today is {datetime.now()}. {POLICY}",
    model="gpt-4o",
)


async def main(question):
    return await Runner.run(agent, question)
`;
    const { analysis } = await run(source);
    const finding = analysis.findings.find((f) => f.rule === 'variable-in-system');
    assert.ok(finding, JSON.stringify(analysis.findings.map((f) => f.rule)));
    assert.equal(finding.range?.start, source.indexOf('{datetime'));
    assert.equal(analysis.firstDynamic?.offset, source.indexOf('{datetime'));
    assert.equal(analysis.cacheableTokens, 0);
    assert.ok((finding.cacheableTokensIfFixed ?? 0) >= 1024);
  });

  it('a list of input items is sent as it is', async () => {
    const { request } = await run(`from agents import Agent, Runner

agent = Agent(name="Helper", instructions="Answer briefly.", model="gpt-4o")
Runner.run_sync(agent, [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}, {"role": "user", "content": "How are you?"}])
`);
    assert.deepEqual(
      request.messages.map((m) => [m.role, m.parts.map((p) => (p.type === 'text' ? p.piece.text : p.type))]),
      [
        ['user', ['Hi']],
        ['assistant', ['Hello!']],
        ['user', ['How are you?']],
      ],
    );
  });

  it('an agent made in another module of the workspace, and .clone(...) of it', async () => {
    const prompts = await promptsOf(
      'app.py',
      `from agents import Runner
from .team import triage

french = triage.clone(instructions="Answer in French.")


async def main():
    await Runner.run(triage, "Hi")
    await Runner.run(french, "Salut")
`,
      {
        'team.py': `from agents import Agent, function_tool


@function_tool
def greet(name: str) -> str:
    """Say hello to someone."""
    return name


triage = Agent(name="Triage", instructions="You triage.", tools=[greet], model="gpt-4o-mini")
`,
      },
    );
    assert.deepEqual(
      prompts.map((p) => [p.analysis.request.model?.name, p.analysis.request.instructions?.text, p.analysis.request.tools.map((t) => t.name)]),
      [
        ['gpt-4o-mini', 'You triage.', ['greet']],
        ['gpt-4o-mini', 'Answer in French.', ['greet']],
      ],
    );
  });

  it('a session, a previous response or a conversation adds earlier items the source does not tell', async () => {
    const { reasons } = await run(`from agents import Agent, Runner, SQLiteSession

agent = Agent(name="Helper", instructions="Answer briefly.", model="gpt-4o")
Runner.run_sync(agent, "Hi", session=SQLiteSession("user-1"))
`);
    assert.ok(reasons.some((r) => /the session's earlier turns/.test(r)), reasons.join('\n'));
  });
});

/** The tools of an agent with these tools, written before it in the file. */
async function toolsWritten(definitions: string, tools: string, files: Record<string, string> = {}) {
  const { request, reasons } = await run(
    `from typing import Annotated, Literal, Optional
from pydantic import BaseModel, Field
from agents import Agent, Runner, RunContextWrapper, function_tool
${definitions}

agent = Agent(name="Helper", instructions="Use the tools.", tools=[${tools}], model="gpt-4o")
Runner.run_sync(agent, "Hi")
`,
    files,
  );
  return { tools: toolsOf(request), reasons };
}

describe('OpenAI Agents SDK (Python): @function_tool as the SDK writes it', () => {
  it('Google docstring: the text before the sections is the description, each Args entry its parameter\'s (types in brackets, continuation lines)', async () => {
    const { tools } = await toolsWritten(
      `
@function_tool
def forecast(city: str, days: int = 3) -> str:
    """Get the forecast.

    Looks it up in the weather service.

    Args:
        city (str): The city,
            as written.
        days: How many days.

    Returns:
        The forecast.
    """
    return ""
`,
      'forecast',
    );
    assert.deepEqual(tools, [
      {
        type: 'function',
        name: 'forecast',
        description: 'Get the forecast.\n\nLooks it up in the weather service.',
        parameters: {
          properties: {
            city: { description: 'The city,\nas written.', title: 'City', type: 'string' },
            days: { default: 3, description: 'How many days.', title: 'Days', type: 'integer' },
          },
          required: ['city', 'days'],
          title: 'forecast_args',
          type: 'object',
          additionalProperties: false,
        },
        strict: true,
      },
    ]);
  });

  it('Google docstring without a blank line before Args: the SDK reads it as a section all the same', async () => {
    const { tools } = await toolsWritten(
      `
@function_tool
def add(a: int, b: int) -> int:
    """Add two numbers.
    Args:
        a: The first.
        b: The second.
    """
    return a + b
`,
      'add',
    );
    assert.equal(tools[0].description, 'Add two numbers.');
    assert.deepEqual(tools[0].parameters, {
      properties: { a: { description: 'The first.', title: 'A', type: 'integer' }, b: { description: 'The second.', title: 'B', type: 'integer' } },
      required: ['a', 'b'],
      title: 'add_args',
      type: 'object',
      additionalProperties: false,
    });
  });

  it('NumPy and Sphinx docstrings are told apart by their markers', async () => {
    const { tools } = await toolsWritten(
      `
@function_tool
def lookup(city: str, units: str = "c") -> str:
    """Look up the weather.

    Parameters
    ----------
    city : str
        The city to look in.
    units : str, optional
        Celsius or Fahrenheit.

    Returns
    -------
    str
        The forecast.
    """
    return ""


@function_tool
def ship(address: str, note: str = "") -> str:
    """Ship a parcel.

    :param address: Where to ship it.
    :param note: A note,
        for the courier.
    :returns: The tracking id.
    """
    return ""
`,
      'lookup, ship',
    );
    assert.deepEqual(
      tools.map((t) => [t.description, Object.fromEntries(Object.entries((t.parameters as any).properties).map(([k, v]: [string, any]) => [k, v.description]))]),
      [
        ['Look up the weather.', { city: 'The city to look in.', units: 'Celsius or Fahrenheit.' }],
        ['Ship a parcel.', { address: 'Where to ship it.', note: 'A note,\nfor the courier.' }],
      ],
    );
  });

  it('name_override, description_override, use_docstring_info=False and docstring_style', async () => {
    const { tools } = await toolsWritten(
      `
@function_tool(name_override="find_city", description_override="Find a city by name.")
def lookup(name: str) -> str:
    """Look up something."""
    return ""


@function_tool(use_docstring_info=False)
def quiet(name: str) -> str:
    """Not read.

    Args:
        name: Not read either.
    """
    return ""


@function_tool(docstring_style="google")
def forced(name: str) -> str:
    """Forced.

    :param name: read as Google text, not a Sphinx field.
    """
    return ""
`,
      'lookup, quiet, forced',
    );
    assert.deepEqual(
      tools.map((t) => [t.name, t.description, (t.parameters as any).title, (t.parameters as any).properties.name.description]),
      [
        ['find_city', 'Find a city by name.', 'find_city_args', undefined],
        ['quiet', '', 'quiet_args', undefined],
        ['forced', 'Forced.\n\n:param name: read as Google text, not a Sphinx field.', 'forced_args', undefined],
      ],
    );
  });

  it('the signature: the run context left out, Optional and Literal types, Annotated descriptions, defaults; strict drops `default: null`', async () => {
    const { tools, reasons } = await toolsWritten(
      `
@function_tool
async def search(ctx: RunContextWrapper[dict], query: Annotated[str, "What to look for"], kind: Literal["web", "news"] = "web", limit: Optional[int] = None) -> str:
    """Search."""
    return ""
`,
      'search',
    );
    assert.deepEqual(tools[0].parameters, {
      properties: {
        query: { description: 'What to look for', title: 'Query', type: 'string' },
        kind: { default: 'web', enum: ['web', 'news'], title: 'Kind', type: 'string' },
        limit: { anyOf: [{ type: 'integer' }, { type: 'null' }], title: 'Limit' },
      },
      required: ['query', 'kind', 'limit'],
      title: 'search_args',
      type: 'object',
      additionalProperties: false,
    });
    assert.ok(!reasons.some((r) => /parameters of tool/.test(r)), reasons.join('\n'));
  });

  it('a pydantic model parameter: its definition under $defs, a described reference written out, description first (ensure_strict_json_schema)', async () => {
    const { tools } = await toolsWritten(
      `
class Address(BaseModel):
    city: str
    zip: Optional[str] = None


@function_tool
def ship(address: Address, express: bool = False) -> str:
    """Ship a parcel.

    Args:
        address: Where to ship it.
    """
    return ""
`,
      'ship',
    );
    const address = { properties: { city: { title: 'City', type: 'string' }, zip: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Zip' } }, required: ['city', 'zip'], title: 'Address', type: 'object', additionalProperties: false };
    assert.equal(
      JSON.stringify(tools[0].parameters),
      JSON.stringify({
        $defs: { Address: address },
        properties: {
          address: { description: 'Where to ship it.', ...address },
          express: { default: false, title: 'Express', type: 'boolean' },
        },
        required: ['address', 'express'],
        title: 'ship_args',
        type: 'object',
        additionalProperties: false,
      }),
    );
  });

  it('strict_mode=False sends the schema as pydantic writes it, strict false', async () => {
    const { tools } = await toolsWritten(
      `
@function_tool(strict_mode=False)
def note(text: str, tags: Optional[list[str]] = None) -> str:
    """Save a note."""
    return ""
`,
      'note',
    );
    assert.deepEqual(tools[0], {
      type: 'function',
      name: 'note',
      description: 'Save a note.',
      parameters: {
        properties: { text: { title: 'Text', type: 'string' }, tags: { anyOf: [{ items: { type: 'string' }, type: 'array' }, { type: 'null' }], default: null, title: 'Tags' } },
        required: ['text'],
        title: 'note_args',
        type: 'object',
      },
      strict: false,
    });
  });

  it('function_tool(fn) called, a tool without parameters, and a parameter type the source does not pin down', async () => {
    const { tools, reasons } = await toolsWritten(
      `from myapp.types import Money


def now() -> str:
    """The time."""
    return ""


def pay(amount: Money) -> str:
    """Pay."""
    return ""


now_tool = function_tool(now)
`,
      'now_tool, function_tool(pay)',
    );
    assert.deepEqual(tools[0].parameters, { properties: {}, title: 'now_args', type: 'object', additionalProperties: false, required: [] });
    assert.equal(tools[1].name, 'pay');
    assert.equal(tools[1].parameters, undefined);
    assert.ok(reasons.some((r) => /the parameters of tool pay have a type or a default the source does not pin down/.test(r)), reasons.join('\n'));
  });

  it('a tool the source does not tell is said, not counted', async () => {
    const { tools, reasons } = await toolsWritten(`from myapp.tools import lookup\n`, 'lookup');
    assert.deepEqual(tools, []);
    assert.ok(reasons.some((r) => /the tool `lookup` is not one the source tells/.test(r)), reasons.join('\n'));
  });
});

describe('OpenAI Agents SDK (Python): handoffs, hosted tools, output types, settings', () => {
  it('handoff(agent, tool_name_override=..., tool_description_override=...) and handoff(..., input_type=Model)', async () => {
    const { request } = await run(`from pydantic import BaseModel
from agents import Agent, Runner, handoff


class Escalation(BaseModel):
    reason: str


billing = Agent(name="Billing agent", instructions="You handle billing.", handoff_description="Invoices and refunds")
support = Agent(name="Support", instructions="You escalate.")


async def on_escalation(ctx, data: Escalation):
    pass


triage = Agent(
    name="Triage",
    instructions="Route the question.",
    model="gpt-4o",
    handoffs=[billing, handoff(support, tool_name_override="escalate", tool_description_override="Escalate to support."), handoff(billing, input_type=Escalation, on_handoff=on_escalation)],
)
Runner.run_sync(triage, "My invoice is wrong")
`);
    const empty = { additionalProperties: false, type: 'object', properties: {}, required: [] };
    assert.deepEqual(toolsOf(request), [
      { type: 'function', name: 'transfer_to_billing_agent', description: 'Handoff to the Billing agent agent to handle the request. Invoices and refunds', parameters: empty, strict: true },
      { type: 'function', name: 'escalate', description: 'Escalate to support.', parameters: empty, strict: true },
      {
        type: 'function',
        name: 'transfer_to_billing_agent',
        description: 'Handoff to the Billing agent agent to handle the request. Invoices and refunds',
        parameters: { properties: { reason: { title: 'Reason', type: 'string' } }, required: ['reason'], title: 'Escalation', type: 'object', additionalProperties: false },
        strict: true,
      },
    ]);
  });

  it("models defined in the calling function (output_type, a tool's parameter, a handoff's input_type) are the classes Python finds there: the function's over the module's, none defined only after", async () => {
    const source = (body: string) => `from pydantic import BaseModel
from agents import Agent, Runner, function_tool, handoff


class Answer(BaseModel):
    text: str


class Place(BaseModel):
    name: str


async def main():
${body}`;
    const local = `    class Answer(BaseModel):
        verdict: bool
        reason: str

    class Place(BaseModel):
        city: str
        country: str

    @function_tool
    def weather(where: Place) -> str:
        """Weather now."""
        return "sunny"

    billing = Agent(name="Billing", instructions="You handle billing.")
`;
    const call = `    agent = Agent(name="A", instructions="Answer.", model="gpt-4o", output_type=Answer, tools=[weather], handoffs=[handoff(billing, input_type=Place)])
    return await Runner.run(agent, "Weather in Paris?")
`;
    const { request, reasons, analysis } = await run(source(local + call));
    const place = { properties: { city: { title: 'City', type: 'string' }, country: { title: 'Country', type: 'string' } }, required: ['city', 'country'], title: 'Place', type: 'object', additionalProperties: false };
    assert.deepEqual(request.responseFormat?.schema, {
      properties: { verdict: { title: 'Verdict', type: 'boolean' }, reason: { title: 'Reason', type: 'string' } },
      required: ['verdict', 'reason'],
      title: 'Answer',
      type: 'object',
      additionalProperties: false,
    });
    assert.deepEqual(request.tools[0].parameters, { $defs: { Place: place }, properties: { where: { $ref: '#/$defs/Place' } }, required: ['where'], title: 'weather_args', type: 'object', additionalProperties: false });
    assert.deepEqual(request.tools[1].parameters, place);
    assert.ok(!reasons.some((r) => /not counted/.test(r)), reasons.join('\n'));
    // The count is the one of the same classes written at module level.
    const atModule = `from pydantic import BaseModel\nfrom agents import Agent, Runner, function_tool, handoff\n\n\n${local.replace(/^ {4}/gm, '')}\n\nasync def main():\n${call}`;
    assert.equal((await run(atModule)).analysis.promptTokens, analysis.promptTokens);
    // Defined only after the agent: not the class Python finds there, said not to be counted.
    const after = await run(source(`    agent = Agent(name="A", instructions="Answer.", model="gpt-4o", output_type=Answer)\n    class Answer(BaseModel):\n        verdict: bool\n    return await Runner.run(agent, "Hi")\n`));
    assert.equal(after.request.responseFormat, undefined);
    assert.ok(after.reasons.includes('the output type `Answer` is not a type the source pins down: its schema is not counted'), after.reasons.join('\n'));
  });

  it('WebSearchTool() is web_search (with its filters) from 0.3.0 on, said when no version is pinned; FileSearchTool(...) as file_search', async () => {
    const source = `from agents import Agent, FileSearchTool, Runner, WebSearchTool

agent = Agent(name="Researcher", instructions="Search first.", model="gpt-4o", tools=[WebSearchTool(search_context_size="low"), FileSearchTool(vector_store_ids=["vs_1"], max_num_results=3)])
Runner.run_sync(agent, "What is new?")
`;
    const unpinned = await run(source);
    assert.deepEqual(
      unpinned.request.tools.map((t) => t.type),
      ['web_search', 'file_search'],
    );
    assert.ok(unpinned.reasons.some((r) => /`WebSearchTool\(\)` is sent as `web_search` from openai-agents 0\.3\.0 on/.test(r)), unpinned.reasons.join('\n'));
    const pinned = await run(source, { 'requirements.txt': 'openai-agents==0.6.0\n' });
    assert.ok(!pinned.reasons.some((r) => /WebSearchTool/.test(r)));
    const old = await run(source, { 'requirements.txt': 'openai-agents==0.2.0\n' });
    assert.equal(old.request.tools[0].type, 'web_search_preview');
  });

  it('output_type: a model strict, AgentOutputSchema(..., strict_json_schema=False) as written, another type wrapped in OutputType, str plain text', async () => {
    const formats = await promptsOf(
      'app.py',
      `from pydantic import BaseModel
from agents import Agent, AgentOutputSchema, Runner


class Answer(BaseModel):
    text: str
    confidence: float = 0.5


strict_agent = Agent(name="A", instructions="Answer.", model="gpt-4o", output_type=Answer)
loose_agent = Agent(name="B", instructions="Answer.", model="gpt-4o", output_type=AgentOutputSchema(Answer, strict_json_schema=False))
list_agent = Agent(name="C", instructions="Answer.", model="gpt-4o", output_type=list[str])
text_agent = Agent(name="D", instructions="Answer.", model="gpt-4o", output_type=str)

for agent in [strict_agent, loose_agent, list_agent, text_agent]:
    pass

Runner.run_sync(strict_agent, "Hi")
Runner.run_sync(loose_agent, "Hi")
Runner.run_sync(list_agent, "Hi")
Runner.run_sync(text_agent, "Hi")
`,
    );
    assert.deepEqual(
      formats.map((p) => p.analysis.request.responseFormat && { name: p.analysis.request.responseFormat.name, strict: p.analysis.request.responseFormat.strict, schema: p.analysis.request.responseFormat.schema }),
      [
        {
          name: 'final_output',
          strict: true,
          schema: { properties: { text: { title: 'Text', type: 'string' }, confidence: { default: 0.5, title: 'Confidence', type: 'number' } }, required: ['text', 'confidence'], title: 'Answer', type: 'object', additionalProperties: false },
        },
        {
          name: 'final_output',
          strict: false,
          schema: { properties: { text: { title: 'Text', type: 'string' }, confidence: { default: 0.5, title: 'Confidence', type: 'number' } }, required: ['text'], title: 'Answer', type: 'object' },
        },
        {
          name: 'final_output',
          strict: true,
          schema: { properties: { response: { items: { type: 'string' }, title: 'Response', type: 'array' } }, required: ['response'], title: 'OutputType', type: 'object', additionalProperties: false },
        },
        undefined,
      ],
    );
  });

  it('ModelSettings as request parameters (max_tokens as max_output_tokens, a named tool_choice, extra_args), the run configuration\'s over the agent\'s', async () => {
    const { request } = await run(`from agents import Agent, ModelSettings, RunConfig, Runner, function_tool
from openai.types.shared import Reasoning


@function_tool
def lookup(city: str) -> str:
    """Look up a city."""
    return city


agent = Agent(
    name="Helper",
    instructions="Answer briefly.",
    model="gpt-4.1",
    tools=[lookup],
    model_settings=ModelSettings(temperature=0.2, max_tokens=300, tool_choice="lookup", parallel_tool_calls=False, reasoning=Reasoning(effort="low"), extra_args={"prompt_cache_key": "helper-v1"}),
)
Runner.run_sync(agent, "Hi", run_config=RunConfig(model_settings=ModelSettings(temperature=0.7)))
`);
    assert.deepEqual(request.parameters, { temperature: 0.7, max_output_tokens: 300, tool_choice: { type: 'function', name: 'lookup' }, parallel_tool_calls: false, reasoning: { effort: 'low' } });
    assert.equal(request.promptCacheKey, 'helper-v1');
  });

  it('OpenAIChatCompletionsModel: Chat Completions, a tool in the Chat format (strict from openai-agents 0.6.4 on)', async () => {
    const { request, call } = await run(`from openai import AsyncOpenAI
from agents import Agent, OpenAIChatCompletionsModel, Runner, function_tool


@function_tool
def lookup(city: str) -> str:
    """Look up a city."""
    return city


agent = Agent(name="Helper", instructions="Answer briefly.", tools=[lookup], model=OpenAIChatCompletionsModel(model="gpt-4o-mini", openai_client=AsyncOpenAI()))
Runner.run_sync(agent, "Hi")
`);
    assert.equal(call.api, 'chat.completions');
    assert.equal(request.format, 'openai-chat');
    assert.deepEqual(
      request.messages.map((m) => [m.role, m.parts.map((p) => (p.type === 'text' ? p.piece.text : p.type))]),
      [
        ['system', ['Answer briefly.']],
        ['user', ['Hi']],
      ],
    );
    assert.deepEqual(toolsOf(request), [
      {
        type: 'function',
        name: 'lookup',
        description: 'Look up a city.',
        parameters: { properties: { city: { title: 'City', type: 'string' } }, required: ['city'], title: 'lookup_args', type: 'object', additionalProperties: false },
        strict: true,
      },
    ]);
  });
});

describe('OpenAI Agents SDK (Python): tools written in other modules', () => {
  it('a @function_tool imported from a workspace module, and tools spread from a shared list', async () => {
    const { tools, reasons } = await toolsWritten(
      `from .tools import lookup, COMMON
`,
      '*COMMON, lookup',
      {
        'tools.py': `from agents import function_tool


@function_tool
def lookup(city: str) -> str:
    """Look up a city."""
    return city


@function_tool
def now() -> str:
    """The time."""
    return ""


COMMON = [now]
`,
      },
    );
    assert.deepEqual(
      tools.map((t) => [t.name, t.description]),
      [
        ['now', 'The time.'],
        ['lookup', 'Look up a city.'],
      ],
    );
    assert.ok(!reasons.some((r) => /not one the source tells/.test(r)), reasons.join('\n'));
  });
});

describe('OpenAI Agents SDK (Python): tool_namespace() (openai-agents 0.11.0 and later)', () => {
  const TOOLS = `from agents import Agent, Runner, ToolSearchTool, function_tool, tool_namespace


@function_tool
def get_customer_profile(customer_id: str) -> str:
    """Fetch a CRM customer profile.

    Args:
        customer_id: The customer ID to look up.
    """
    return customer_id


@function_tool(defer_loading=True)
def list_open_orders(customer_id: str) -> str:
    """List open orders for a customer."""
    return customer_id


@function_tool
def weather(city: str) -> str:
    """The weather in a city."""
    return city

`;
  const at = (source: string, range: { start: number; end: number } | null) => (range ? source.slice(range.start, range.end) : undefined);

  it('a tool list added to others (`crm_tools + [...]`, a namespace among them) is read as the one list Python makes', async () => {
    const source = (tools: string) => `${TOOLS}
crm_tools = [get_customer_profile, list_open_orders]
crm = tool_namespace(name="crm", description="CRM tools.", tools=[get_customer_profile])
agent = Agent(name="Ops", instructions="Use the CRM tools.", model="gpt-5.4", tools=${tools})
Runner.run_sync(agent, "Look up customer_42.")
`;
    const files = { 'uv.lock': UV_LOCK('0.22.0') };
    const added = (await onlyPrompt('app.py', source('crm_tools + [weather]'), files)).analysis;
    const written = (await onlyPrompt('app.py', source('[get_customer_profile, list_open_orders, weather]'), files)).analysis;
    assert.deepEqual(added.request.tools.map((t) => t.name), ['get_customer_profile', 'list_open_orders', 'weather']);
    assert.equal(added.promptTokens, written.promptTokens);
    assert.ok(!(added.estimateReasons ?? []).some((r) => r.startsWith("the agent's tools")), String(added.estimateReasons));
    const namespaced = (await onlyPrompt('app.py', source('[weather] + crm'), files)).analysis;
    assert.deepEqual(namespaced.request.tools.map((t) => [t.type, t.name]), [['function', 'weather'], ['namespace', 'crm']]);
    assert.equal(namespaced.promptTokens, (await onlyPrompt('app.py', source('[weather, *crm]'), files)).analysis.promptTokens);
    // A list added to a value known only at run time is said so, as before.
    const unknown = (await onlyPrompt('app.py', source('crm_tools + load_tools()'), files)).analysis;
    assert.equal(unknown.request.tools.length, 0);
    assert.ok(unknown.estimateReasons?.includes("the agent's tools `crm_tools + load_tools()` are known only at run time: not counted"), String(unknown.estimateReasons));
  });

  it('its tools are sent as one namespace tool where the first of them stands, each tool as the SDK writes a function tool, its name and description stripped', async () => {
    const source = `${TOOLS}
crm_tools = tool_namespace(name=" crm ", description="CRM tools for customer lookups. ", tools=[get_customer_profile, list_open_orders])
agent = Agent(name="Ops", instructions="Use the CRM tools.", model="gpt-5.4", tools=[weather, *crm_tools, ToolSearchTool()])
Runner.run_sync(agent, "Look up customer_42.")
`;
    const flat = await onlyPrompt('app.py', source.replace('tools=[weather, *crm_tools,', 'tools=[weather, get_customer_profile, list_open_orders,'), { 'uv.lock': UV_LOCK('0.22.0') });
    const { analysis } = await onlyPrompt('app.py', source, { 'uv.lock': UV_LOCK('0.22.0') });
    const [weatherTool, crm, search] = analysis.request.tools;
    assert.equal(analysis.request.tools.length, 3);
    // `ToolSearchTool()`, which a deferred tool needs, as the SDK sends it.
    assert.deepEqual(JSON.parse(search.piece.text), { type: 'tool_search' });
    assert.equal(weatherTool.name, 'weather');
    assert.deepEqual([crm.type, crm.name, crm.description], ['namespace', 'crm', 'CRM tools for customer lookups.']);
    // Each tool of the namespace as the same function is sent on its own (name, parameters, strict, type, description, defer_loading).
    const written = flat.analysis.request.tools.slice(1, 3).map((t) => JSON.parse(t.piece.text));
    assert.deepEqual(written[1].defer_loading, true);
    assert.deepEqual(crm.tools?.map((t) => JSON.parse(t.piece.text)), written);
    assert.deepEqual(Object.keys(JSON.parse(crm.piece.text)), ['type', 'name', 'description', 'tools']);
    // Shown on the tool_namespace() call; each tool on its own function.
    assert.match(at(source, crm.range) ?? '', /^tool_namespace\(name=" crm "/);
    assert.deepEqual(
      crm.tools?.map((t) => at(source, t.range)?.split('\n')[0]),
      ['def get_customer_profile(customer_id: str) -> str:', 'def list_open_orders(customer_id: str) -> str:'],
    );
    // The count is that of the body written out as a request file.
    const body = {
      model: 'gpt-5.4',
      instructions: 'Use the CRM tools.',
      input: [{ content: 'Look up customer_42.', role: 'user' }],
      tools: [JSON.parse(weatherTool.piece.text), JSON.parse(crm.piece.text), { type: 'tool_search' }],
    };
    const counted = await analyzePrompt({ fileName: 'request.json', text: JSON.stringify(body, null, 2), format: 'openai-responses' });
    assert.equal(analysis.promptTokens, counted.promptTokens);
    assert.ok(analysis.segments.some((s) => s.label === 'tool crm.list_open_orders'));
    assert.deepEqual(analysis.estimateReasons?.filter((r) => !(counted.estimateReasons ?? []).includes(r)) ?? [], []);
  });

  it('tools=tool_namespace(...) itself, [*tool_namespace(...)] alone, and a second one of the same name gathered into the first', async () => {
    const source = `${TOOLS}
agent = Agent(name="Ops", instructions="Use the CRM tools.", model="gpt-5.4", tools=[*tool_namespace(name="crm", description="CRM", tools=[get_customer_profile]), weather, *tool_namespace(name="crm", description="CRM", tools=[list_open_orders])])
other = Agent(name="Other", instructions="Use them.", model="gpt-5.4", tools=tool_namespace(name="crm", description="CRM", tools=[weather]))
alone = Agent(name="Alone", instructions="Use them.", model="gpt-5.4", tools=[*tool_namespace(name="crm", description="CRM", tools=[weather])])
Runner.run_sync(agent, "Hi")
Runner.run_sync(other, "Hi")
Runner.run_sync(alone, "Hi")
`;
    const [first, second, third] = await promptsOf('app.py', source, { 'uv.lock': UV_LOCK('0.22.0') });
    // A spread alone in its list, which the parser reads as a call of `*tool_namespace`, is the same.
    assert.deepEqual(
      third.analysis.request.tools.map((t) => [t.type, t.name, t.tools?.map((i) => i.name)]),
      [['namespace', 'crm', ['weather']]],
    );
    assert.deepEqual(
      first.analysis.request.tools.map((t) => [t.type, t.name, t.tools?.map((i) => i.name)]),
      [
        ['namespace', 'crm', ['get_customer_profile', 'list_open_orders']],
        ['function', 'weather', undefined],
      ],
    );
    assert.deepEqual(
      second.analysis.request.tools.map((t) => [t.type, t.name, t.tools?.map((i) => i.name)]),
      [['namespace', 'crm', ['weather']]],
    );
  });

  it('on Chat Completions the SDK raises before sending a namespaced tool, and the count says so', async () => {
    const source = `${TOOLS}
from agents import set_default_openai_api
set_default_openai_api("chat_completions")
agent = Agent(name="Ops", instructions="Use the CRM tools.", model="gpt-4.1", tools=[weather, *tool_namespace(name="crm", description="CRM", tools=[get_customer_profile])])
Runner.run_sync(agent, "Hi")
`;
    const { analysis, call } = await onlyPrompt('app.py', source, { 'uv.lock': UV_LOCK('0.22.0') });
    assert.equal(call.api, 'chat.completions');
    assert.deepEqual(analysis.request.tools.map((t) => t.name), ['weather']);
    assert.match(analysis.estimateReason ?? '', /the SDK refuses the tools of `tool_namespace\(\)` \(namespace `crm`\) on Chat Completions \(it raises before sending the request\)/);
    // And as a warning on the run's call, where the failure is seen without a hover.
    const refused = analysis.findings.filter((f) => f.rule === 'request-refused');
    assert.deepEqual(
      refused.map((f) => [f.severity, f.message, source.slice(f.range!.start, f.range!.end), f.line]),
      [['warning', 'This call fails as written: the SDK refuses the tools of `tool_namespace()` (namespace `crm`) on Chat Completions (it raises before sending the request)', 'run_sync', source.split('\n').findIndex((l) => l.startsWith('Runner.run_sync')) + 1]],
    );
  });
});

describe('OpenAI Agents SDK (Python): the prompt_cache_key the SDK gives each run (per-run-cache-key)', () => {
  const PINNED = { 'uv.lock': UV_LOCK('0.17.4') };
  /** A support agent whose instructions are long enough to cache, run with what `extra` adds to `Runner.run`. */
  const agentSource = (options: { instructions?: string; extra?: string; imports?: string; settings?: string; model?: string } = {}) => `from agents import Agent, ModelSettings, Runner, RunConfig, SQLiteSession${options.imports ?? ''}

POLICY = """${options.instructions ?? longText(80)}"""

agent = Agent(
    name="Support desk",
    instructions=POLICY,
    model=${options.model ?? '"gpt-4.1"'},${options.settings ? `\n    model_settings=${options.settings},` : ''}
)


async def answer(question: str):
    return await Runner.run(agent, question${options.extra ?? ''})
`;
  const perRunFindings = (analysis: Analysis) => analysis.findings.filter((f) => f.rule === 'per-run-cache-key');

  it('a plain Runner.run on openai-agents 0.17.4 with long instructions: a warning on the call, with the tokens at stake and both fixes', async () => {
    const source = agentSource();
    const { analysis, request } = await run(source, PINNED);
    const [finding, ...more] = perRunFindings(analysis);
    assert.equal(more.length, 0);
    assert.equal(finding.severity, 'warning');
    assert.ok(analysis.cacheableTokens >= 1024, `${analysis.cacheableTokens}`);
    assert.equal(source.slice(finding.range!.start, finding.range!.end), 'Runner.run(agent, question)');
    assert.match(finding.message, /^openai-agents 0\.14 and later give each run without a `conversation_id`, `session` or `group_id` its own `prompt_cache_key` \(`agents-sdk:run:<random id>`\)/);
    assert.ok(finding.message.includes(`the ${analysis.cacheableTokens.toLocaleString('en-US')} cacheable tokens of the static prefix`), finding.message);
    assert.match(finding.message, /a new run likely misses them/);
    assert.match(finding.message, /`run_config=RunConfig\(group_id=\.\.\.\)`/);
    assert.match(finding.message, /`ModelSettings\(extra_args=\{"prompt_cache_key": "Support desk"\}\)`/);
    assert.match(finding.message, /about 15 requests a minute on one key/);
    assert.doesNotMatch(finding.message, /depends on the version/);
    // The key is no input token: the same agent with a key of its own counts the same.
    const keyed = await run(agentSource({ settings: 'ModelSettings(extra_args={"prompt_cache_key": "support"})' }), PINNED);
    assert.equal(keyed.analysis.promptTokens, analysis.promptTokens);
    assert.equal(request.promptCacheKey, undefined);
  });

  it('Runner.run_sync and run_streamed too, and a model on OpenAIChatCompletionsModel with a default AsyncOpenAI', async () => {
    const chat = await run(agentSource({ imports: ', OpenAIChatCompletionsModel\nfrom openai import AsyncOpenAI', model: 'OpenAIChatCompletionsModel(model="gpt-4.1", openai_client=AsyncOpenAI())' }), PINNED);
    assert.equal(chat.analysis.api, 'chat');
    assert.equal(perRunFindings(chat.analysis).length, 1);
    for (const method of ['run_sync', 'run_streamed']) {
      const { analysis } = await run(agentSource().replace('await Runner.run(', `Runner.${method}(`), PINNED);
      assert.equal(perRunFindings(analysis).length, 1, method);
    }
  });

  it('no pinned version: the warning says it depends on the version installed', async () => {
    const { analysis } = await run(agentSource());
    const [finding] = perRunFindings(analysis);
    assert.match(finding?.message ?? '', /\(no pinned `openai-agents` version was found: this depends on the version installed\)/);
  });

  it('a run of a group, a session or a conversation has one key for all its runs: no warning, and the key where the source tells it', async () => {
    const group = await run(agentSource({ extra: ', run_config=RunConfig(group_id="support-thread-42")' }), PINNED);
    assert.ok(group.analysis.cacheableTokens >= 1024);
    assert.deepEqual(perRunFindings(group.analysis), []);
    // sha256("support-thread-42")[:32], as hashlib computes it.
    assert.equal(group.request.promptCacheKey, 'agents-sdk:group:c1ba7349a17bd044517846678fd9fcbe');
    const conversation = await run(agentSource({ extra: ', conversation_id="conv_123", run_config=RunConfig(group_id="support-thread-42")' }), PINNED);
    assert.deepEqual(perRunFindings(conversation.analysis), []);
    assert.equal(conversation.request.promptCacheKey, 'agents-sdk:conversation:1deafc502814c440f117b27e74d17d5a');
    const session = await run(agentSource({ extra: ', session=SQLiteSession("user_1")' }), PINNED);
    assert.ok(session.analysis.cacheableTokens >= 1024);
    assert.deepEqual(perRunFindings(session.analysis), []);
    const thread = await run(agentSource().replace('async def answer(question: str):', 'async def answer(question: str, thread_id: str):').replace('question)', 'question, run_config=RunConfig(group_id=thread_id))'), PINNED);
    assert.deepEqual(perRunFindings(thread.analysis), []);
    assert.equal(thread.request.promptCacheKey, undefined);
  });

  it('a prompt_cache_key in the model settings (extra_args, or extra_body of the run configuration): no warning, that key sent', async () => {
    const own = await run(agentSource({ settings: 'ModelSettings(extra_args={"prompt_cache_key": "support"})' }), PINNED);
    assert.ok(own.analysis.cacheableTokens >= 1024);
    assert.deepEqual(perRunFindings(own.analysis), []);
    assert.equal(own.request.promptCacheKey, 'support');
    const body = await run(agentSource({ extra: ', run_config=RunConfig(model_settings=ModelSettings(extra_body={"prompt_cache_key": "support"}))' }), PINNED);
    assert.deepEqual(perRunFindings(body.analysis), []);
    assert.equal(body.request.promptCacheKey, 'support');
  });

  it('openai-agents before 0.14 adds no key: no warning', async () => {
    const { analysis } = await run(agentSource(), { 'uv.lock': UV_LOCK('0.13.5') });
    assert.ok(analysis.cacheableTokens >= 1024);
    assert.deepEqual(perRunFindings(analysis), []);
  });

  it('a static prefix too short to cache has nothing to lose: no warning', async () => {
    const { analysis } = await run(agentSource({ instructions: 'Answer briefly.' }), PINNED);
    assert.equal(analysis.cacheableTokens, 0);
    assert.deepEqual(perRunFindings(analysis), []);
  });

  it('a model not on api.openai.com (LitellmModel, a litellm/ name, a client with another base_url) gets no key: no warning', async () => {
    for (const [imports, model] of [
      ['\nfrom agents.extensions.models.litellm_model import LitellmModel', 'LitellmModel(model="openai/gpt-4.1")'],
      ['', '"litellm/openai/gpt-4.1"'],
      [', OpenAIResponsesModel\nfrom openai import AsyncOpenAI', 'OpenAIResponsesModel(model="gpt-4.1", openai_client=AsyncOpenAI(base_url="http://localhost:8000/v1"))'],
    ]) {
      const { analysis } = await run(agentSource({ imports, model }), PINNED);
      assert.ok(analysis.cacheableTokens >= 1024, model);
      assert.deepEqual(perRunFindings(analysis), [], model);
    }
    const defaultClient = await run(
      agentSource({ imports: ', set_default_openai_client\nfrom openai import AsyncOpenAI' }).replace('POLICY = ', 'set_default_openai_client(AsyncOpenAI(base_url="https://gateway.example.com/v1"))\n\nPOLICY = '),
      PINNED,
    );
    assert.ok(defaultClient.analysis.cacheableTokens >= 1024);
    assert.deepEqual(perRunFindings(defaultClient.analysis), []);
  });

  it('the recorded requests of one 0.17.4 run share one agents-sdk:run key, and that run is marked as keyed per run (opentelemetry-python-genai orchestration)', async () => {
    const keys = [0, 1, 4].map((i) => (recorded(`opentelemetry-python-genai/orchestration-conformance-${i}.json`).request as { prompt_cache_key?: string }).prompt_cache_key);
    assert.match(keys[0] ?? '', /^agents-sdk:run:[0-9a-f]{32}$/);
    assert.deepEqual(new Set(keys).size, 1);
    const { analysis, request } = await run(ORCHESTRATION, { 'requirements.txt': 'openai-agents==0.17.4\n' });
    assert.match(request.promptCacheKeyPerRun?.reason ?? '', /agents-sdk:run:/);
    // A prompt of a few hundred tokens: nothing cached across runs to lose.
    assert.deepEqual(perRunFindings(analysis), []);
  });
});
