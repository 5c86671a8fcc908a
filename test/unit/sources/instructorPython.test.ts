import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { parsePrompt } from '../../../src/core/formats';
import type { FormatId, PromptRequest } from '../../../src/core/model';
import { docstringParameters } from '../../../src/core/sources/instructorPython';
import { countPair, loadPair, recordedPromptTokens } from '../../recordedCorpus';
import { messageTexts, onlyPrompt, promptsOf } from './helpers';

/** Programs that call instructor, each with the first request instructor 1.8.3 built from it (see the folder's README). */
const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'instructor');

interface Fixture {
  /** The body's file: `<program>.json` (instructor 1.8.3) or `<program>@<release>.json`. */
  name: string;
  source: string;
  instructor: string;
  commit: string;
  api: 'chat.completions' | 'messages' | 'responses';
  body: Record<string, unknown>;
}

const fixtures: Fixture[] = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => {
    const name = file.replace(/\.json$/, '');
    const captured = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Omit<Fixture, 'name' | 'source'>;
    return { name, source: readFileSync(join(FIXTURES, `${name.replace(/@.*$/, '')}.py`), 'utf8'), ...captured };
  });

const UV_LOCK = (version: string) => `version = 1\n\n[[package]]\nname = "instructor"\nversion = "${version}"\nsource = { registry = "https://pypi.org/simple" }\n`;

const formatOf = (api: Fixture['api']): FormatId => (api === 'messages' ? 'anthropic-messages' : api === 'responses' ? 'openai-responses' : 'openai-chat');

/** What a request sends: every text, every tool with its schema's keys in order, the format and the parameters. */
function sent(request: PromptRequest): unknown {
  const parts = (list: PromptRequest['messages'][number]['parts']) =>
    list.map((p) => (p.type === 'text' ? { text: p.piece.text } : p.type === 'image' || p.type === 'audio' ? p.type : { other: p.type }));
  return {
    api: request.api,
    model: request.model?.name,
    system: request.system && parts(request.system),
    messages: request.messages.map((m) => ({ role: m.role, parts: parts(m.parts) })),
    tools: request.tools.map((t) => JSON.stringify({ type: t.type, name: t.name, description: t.description, parameters: t.parameters, strict: t.strict })),
    format: request.responseFormat && JSON.stringify({ name: request.responseFormat.name, kind: request.responseFormat.kind, schema: request.responseFormat.schema }),
    parameters: request.parameters,
  };
}

describe('instructor: the request instructor sends, rebuilt from the source', () => {
  it('has the fixture set: a body of the latest release read for every program, and of earlier releases where they differ', () => {
    const programs = readdirSync(FIXTURES).filter((file) => file.endsWith('.py'));
    assert.ok(programs.length >= 30, `${programs.length} programs`);
    for (const program of programs) assert.ok(fixtures.some((f) => f.name === program.replace(/\.py$/, '')), program);
    for (const f of fixtures) {
      assert.match(f.commit, /^[0-9a-f]{40}$/, f.name);
      if (!f.name.includes('@')) assert.deepEqual([f.instructor, f.commit], ['1.8.3', 'cc67955310e64056bcf8a087d570a85972a58c40'], f.name);
      else assert.equal(f.name.replace(/^.*@/, ''), f.instructor);
    }
  });

  for (const fixture of fixtures) {
    it(`${fixture.name}: the same body as instructor ${fixture.instructor} built, and its count`, async () => {
      const { analysis } = await onlyPrompt('app.py', fixture.source, { 'uv.lock': UV_LOCK(fixture.instructor) });
      const text = JSON.stringify(fixture.body, null, 2);
      const format = formatOf(fixture.api);
      assert.deepEqual(sent(analysis.request), sent(parsePrompt('request.json', text, { format })));
      const body = await analyzePrompt({ fileName: 'request.json', text, format });
      assert.equal(analysis.promptTokens, body.promptTokens);
      // Nothing said beyond what the body itself leaves unknown (a Claude count's measured error).
      assert.deepEqual(analysis.estimateReasons ?? [], body.estimateReasons ?? []);
    });
  }
});

describe('instructor: versions', () => {
  const json = fixtures.find((f) => f.name === 'json-mode')!;
  const tools = fixtures.find((f) => f.name === 'tools-docstring')!;

  it('an unpinned version is read as the latest release read, and said where releases differ', async () => {
    const { analysis } = await onlyPrompt('app.py', json.source);
    assert.equal(analysis.estimate, true);
    assert.ok(
      analysis.estimateReasons?.includes(
        "no pinned instructor version was found: written as 1.8.3 writes it; before 1.5.1 instructor's JSON instructions were indented by 16 spaces instead of 8",
      ),
      String(analysis.estimateReasons),
    );
    const body = await analyzePrompt({ fileName: 'request.json', text: JSON.stringify(json.body), format: 'openai-chat' });
    assert.equal(analysis.promptTokens, body.promptTokens);
  });

  it('a tool call, the same in every release read, needs no version', async () => {
    const { analysis } = await onlyPrompt('app.py', tools.source);
    assert.equal(analysis.estimate ?? false, false, String(analysis.estimateReasons));
  });

  it('a pinned release before 1.5.1 indents the JSON instructions by 16 spaces', async () => {
    const { analysis } = await onlyPrompt('app.py', json.source, { 'requirements.txt': 'instructor==1.4.3\nopenai==1.51.0\n' });
    const system = analysis.request.messages[0].parts[0];
    assert.ok(system.type === 'text' && system.piece.text.includes('\n                As a genius expert'), system.type === 'text' ? system.piece.text : system.type);
    assert.equal(analysis.estimate ?? false, false, String(analysis.estimateReasons));
  });

  it('a pinned release before 1.3.0 sends the MD_JSON line as a message of its own', async () => {
    const md = fixtures.find((f) => f.name === 'md-json')!;
    const { analysis } = await onlyPrompt('app.py', md.source, { 'uv.lock': UV_LOCK('1.2.6') });
    assert.deepEqual(
      analysis.request.messages.map((m) => m.role),
      ['system', 'user', 'user'],
    );
  });

  it('Anthropic before 1.6.4 (one system string) is not reproduced, and said', async () => {
    const anthropic = fixtures.find((f) => f.name === 'anthropic-tools')!;
    const { analysis } = await onlyPrompt('app.py', anthropic.source, { 'uv.lock': UV_LOCK('1.5.0') });
    assert.ok(
      analysis.estimateReasons?.includes('instructor 1.5.0 writes the system prompt for Claude otherwise (one string, before 1.6.4): counted as 1.6.4 and later write it'),
      String(analysis.estimateReasons),
    );
  });

  it('a feature newer than the pinned release is said', async () => {
    const provider = fixtures.find((f) => f.name === 'from-provider')!;
    const { analysis } = await onlyPrompt('app.py', provider.source, { 'uv.lock': UV_LOCK('1.7.9') });
    assert.ok(analysis.estimateReasons?.includes('`from_provider` is new in instructor 1.8.0: instructor 1.7.9 has none (counted as 1.8.0 sends it)'), String(analysis.estimateReasons));
  });

  it('a pinned release newer than the latest read is said where releases differ', async () => {
    const { analysis } = await onlyPrompt('app.py', json.source, { 'uv.lock': UV_LOCK('1.11.3') });
    assert.ok(analysis.estimateReasons?.some((r) => r.startsWith('instructor 1.11.3 (pinned in uv.lock) is newer than the latest release read here (1.8.3)')));
  });
});

describe('instructor: what is not reproduced is an estimate that says why', () => {
  const header = `import instructor\nfrom openai import OpenAI\nfrom pydantic import BaseModel\n\n\n`;

  it('a mode not rebuilt here', async () => {
    const { analysis } = await onlyPrompt(
      'app.py',
      `${header}class A(BaseModel):\n    x: str\n\n\nclient = instructor.from_openai(OpenAI(base_url="https://openrouter.ai/api/v1"), mode=instructor.Mode.OPENROUTER_STRUCTURED_OUTPUTS)\nclient.chat.completions.create(model="gpt-4o", response_model=A, messages=[{"role": "user", "content": "hi"}])\n`,
    );
    assert.ok(analysis.estimateReasons?.includes("instructor's Mode.OPENROUTER_STRUCTURED_OUTPUTS is not rebuilt here: what it adds to the request is not counted"));
    assert.equal(analysis.request.tools.length, 0);
    assert.equal(analysis.request.parameters.response_model, undefined);
  });

  it('the Responses modes are new in 1.8.3: an older pinned release has none', async () => {
    const responses = fixtures.find((f) => f.name === 'responses-tools')!;
    const { analysis } = await onlyPrompt('app.py', responses.source, { 'uv.lock': UV_LOCK('1.8.2') });
    assert.equal(analysis.request.api, 'responses');
    assert.ok(analysis.estimateReasons?.includes('Mode.RESPONSES_TOOLS is new in instructor 1.8.3: instructor 1.8.2 has none (counted as 1.8.3 sends it)'), String(analysis.estimateReasons));
  });

  it('outside the Responses modes `client.responses` is the SDK\'s own: its call is counted as written', async () => {
    const prompt = await onlyPrompt('app.py', `${header}client = instructor.from_openai(OpenAI())\nclient.responses.create(model="gpt-4.1", input="hi")\n`);
    assert.equal(prompt.analysis.request.api, 'responses');
    assert.equal(prompt.analysis.request.tools.length, 0);
    assert.deepEqual(messageTexts(prompt), ['hi']);
  });

  it('`client.responses.create(response_model=...)` of a client made where the source does not tell is read in Mode.RESPONSES_TOOLS', async () => {
    const { analysis } = await onlyPrompt(
      'app.py',
      `${header}class A(BaseModel):\n    x: str\n\n\ndef run(client, text):\n    return client.responses.create(model="gpt-4.1", input=text, response_model=A)\n`,
    );
    assert.equal(analysis.request.api, 'responses');
    assert.equal(analysis.request.tools[0]?.name, 'A');
    assert.ok(analysis.estimateReasons?.includes('the instructor client `client` is made where the source does not tell: read as from_openai with Mode.RESPONSES_TOOLS, the mode that has `responses`'), String(analysis.estimateReasons));
  });

  it('a mode the source does not tell, on a client whose `responses` is called, is read as Mode.RESPONSES_TOOLS: the call is counted as that mode sends it', async () => {
    const model = `class A(BaseModel):\n    x: str\n\n\n`;
    const call = (mode: string) =>
      `${header}${model}def run(mode, text):\n    client = instructor.from_openai(OpenAI(), mode=${mode})\n    return client.responses.create_with_completion(model="gpt-4.1", input=text, response_model=A)\n`;
    const unread = (await onlyPrompt('app.py', call('mode'))).analysis;
    const given = (await onlyPrompt('app.py', call('instructor.Mode.RESPONSES_TOOLS'))).analysis;
    assert.equal(unread.request.api, 'responses');
    assert.equal(unread.request.tools[0]?.name, 'A');
    assert.equal(unread.promptTokens, given.promptTokens);
    assert.ok(unread.estimateReasons?.includes("instructor's mode is `mode`, not read here: read as RESPONSES_TOOLS, the mode that has `responses`"), String(unread.estimateReasons));
    assert.ok(!unread.estimateReasons?.some((r) => r.includes('read as TOOLS, its default')), String(unread.estimateReasons));
    // The same client's chat.completions call keeps the default mode.
    const chat = (
      await onlyPrompt(
        'app.py',
        `${header}${model}def run(mode, text):\n    client = instructor.from_openai(OpenAI(), mode=mode)\n    return client.chat.completions.create(model="gpt-4o", response_model=A, messages=[{"role": "user", "content": text}])\n`,
      )
    ).analysis;
    assert.equal(chat.request.api, 'chat');
    assert.ok(chat.estimateReasons?.includes("instructor's mode is `mode`, not read here: read as TOOLS, its default"), String(chat.estimateReasons));
  });

  it('a model class defined in the function is the one read, not a module class of the same name; one defined only after the call is not read', async () => {
    const source = (body: string) =>
      `${header}class A(BaseModel):\n    \"\"\"The module's.\"\"\"\n\n    x: str\n\n\nclient = instructor.from_openai(OpenAI())\n\n\ndef run(text):\n${body}`;
    const call = `    return client.chat.completions.create(model="gpt-4o", response_model=A, messages=[{"role": "user", "content": text}])\n`;
    const local = `    class A(BaseModel):\n        \"\"\"The function's.\"\"\"\n\n        y: int\n\n`;
    const inside = (await onlyPrompt('app.py', source(local + call))).analysis;
    assert.equal(inside.request.tools[0]?.description, "The function's.");
    assert.deepEqual(Object.keys((inside.request.tools[0]?.parameters as { properties: object }).properties), ['y']);
    const after = (await onlyPrompt('app.py', source(call + local))).analysis;
    assert.equal(after.request.tools.length, 0);
    assert.ok(after.estimateReasons?.some((r) => r.startsWith("instructor's tool for `A` is not counted")), String(after.estimateReasons));
  });

  it('`Maybe(...)` of a model that is not read says so', async () => {
    const { analysis } = await onlyPrompt(
      'app.py',
      `${header}from models import Order\n\nclient = instructor.from_openai(OpenAI())\nclient.chat.completions.create(model="gpt-4o", response_model=instructor.Maybe(Order), messages=[{"role": "user", "content": "hi"}])\n`,
    );
    assert.equal(analysis.request.tools.length, 0);
    assert.ok(analysis.estimateReasons?.some((r) => r.includes('the model in `Maybe(...)` is not a pydantic model this reads')), String(analysis.estimateReasons));
  });

  it('a response model this does not read', async () => {
    const { analysis } = await onlyPrompt(
      'app.py',
      `${header}from models import Order\n\nclient = instructor.from_openai(OpenAI())\nclient.chat.completions.create(model="gpt-4o", response_model=Order, messages=[{"role": "user", "content": "hi"}])\n`,
    );
    assert.ok(analysis.estimateReasons?.some((r) => r.startsWith("instructor's tool for `Order` is not counted")), String(analysis.estimateReasons));
  });

  it('a response model of a workspace module is read there', async () => {
    const { analysis } = await onlyPrompt(
      'app.py',
      `${header}from models import Order\n\nclient = instructor.from_openai(OpenAI())\nclient.chat.completions.create(model="gpt-4o", response_model=Order, messages=[{"role": "user", "content": "hi"}])\n`,
      { 'models.py': 'from pydantic import BaseModel\n\n\nclass Order(BaseModel):\n    """An order."""\n\n    sku: str\n' },
    );
    assert.equal(analysis.request.tools[0]?.name, 'Order');
    assert.equal(analysis.request.tools[0]?.description, 'An order.');
  });

  it('a client made where the source does not tell, given a response_model', async () => {
    const { analysis } = await onlyPrompt(
      'app.py',
      `${header}class A(BaseModel):\n    x: str\n\n\ndef run(client, text):\n    return client.chat.completions.create(model="gpt-4o", response_model=A, messages=[{"role": "user", "content": text}])\n`,
    );
    assert.equal(analysis.request.tools[0]?.name, 'A');
    assert.ok(analysis.estimateReasons?.includes('the instructor client `client` is made where the source does not tell: read as from_openai with its default mode (TOOLS)'));
  });

  it('messages rendered as templates with `context`', async () => {
    const { analysis } = await onlyPrompt(
      'app.py',
      `${header}class A(BaseModel):\n    x: str\n\n\nclient = instructor.from_openai(OpenAI())\nclient.chat.completions.create(model="gpt-4o", response_model=A, context={"name": "Ann"}, messages=[{"role": "user", "content": "Greet {{ name }}"}])\n`,
    );
    assert.ok(analysis.estimateReasons?.includes("instructor renders the messages as Jinja templates with the call's `context`: not reproduced here (counted as written)"));
  });

  it('a multi-line docstring as a strict tool description depends on the Python version', async () => {
    const { analysis } = await onlyPrompt(
      'app.py',
      `${header}class A(BaseModel):\n    """First line.\n\n    More about it.\n    """\n\n    x: str\n\n\nclient = instructor.from_openai(OpenAI(), mode=instructor.Mode.TOOLS_STRICT)\nclient.chat.completions.create(model="gpt-4o", response_model=A, messages=[{"role": "user", "content": "hi"}])\n`,
      { 'uv.lock': UV_LOCK('1.8.3') },
    );
    assert.equal(analysis.request.tools[0]?.description, 'First line.\n\n    More about it.\n    ');
    assert.ok(analysis.estimateReasons?.includes('the description of tool A is its docstring with the indentation Python before 3.13 keeps (3.13 removes it)'));
  });

  it('a file that does not import instructor keeps its calls as they are', async () => {
    const prompts = await promptsOf('app.py', `from openai import OpenAI\nclient = OpenAI()\nclient.create(x=1)\nclient.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])\n`);
    assert.equal(prompts.length, 1);
    assert.equal(prompts[0].analysis.request.tools.length, 0);
  });

  it('a patched client keeps its other methods', async () => {
    const prompts = await promptsOf(
      'app.py',
      `import instructor\nfrom openai import OpenAI\nclient = instructor.patch(OpenAI())\nclient.responses.create(model="gpt-4o", input="hi")\nclient.beta.assistants.create(model="gpt-4o")\n`,
    );
    assert.deepEqual(
      prompts.map((p) => p.call.api),
      ['responses'],
    );
  });
});

describe('instructor: docstring parameters (docstring_parser, Google style)', () => {
  it('reads each name and its text, continuation lines kept', () => {
    assert.deepEqual(docstringParameters('Summary.\n\n    Args:\n        name (str): The name\n            in full.\n        age: Years.\n    '), [
      ['name', 'The name\nin full.'],
      ['age', 'Years.'],
    ]);
  });
  it('an entry without a colon leaves no parameters (docstring_parser gives up)', () => {
    assert.deepEqual(docstringParameters('Summary.\n\nArgs:\n    name\n'), []);
  });
  it('another style is not read', () => {
    assert.equal(docstringParameters('Summary.\n\n:param name: The name\n'), 'unread');
  });
});

describe('instructor: the recorded pair', () => {
  // 567-labs/instructor docs/concepts/logging.md @ cc67955, as a user writes it.
  const LOGGING = `import instructor
import openai
import logging

from pydantic import BaseModel


# Set logging to DEBUG
logging.basicConfig(level=logging.DEBUG)

client = instructor.from_openai(openai.OpenAI())


class UserDetail(BaseModel):
    name: str
    age: int


user = client.chat.completions.create(
    model="gpt-3.5-turbo",
    response_model=UserDetail,
    messages=[
        {"role": "user", "content": "Extract Jason is 25 years old"},
    ],
)  # type: ignore
`;

  it('logging-md-0: the source sends the recorded body, and the count is its recorded usage', async () => {
    const pair = loadPair('instructor/logging-md-0.json');
    const { analysis } = await onlyPrompt('app.py', LOGGING);
    const body = parsePrompt('request.json', JSON.stringify(pair.request, null, 2), { format: 'openai-chat' });
    assert.deepEqual(sent(analysis.request), sent(body));
    const counted = await countPair(pair);
    assert.equal(analysis.promptTokens, counted.counted);
    assert.equal(analysis.promptTokens, recordedPromptTokens(pair));
    assert.equal(analysis.estimate ?? false, false, String(analysis.estimateReasons));
  });
});
