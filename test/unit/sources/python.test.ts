import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { join } from 'node:path';
import { sourceOffsetOf } from '../../../src/core/formats/textPiece';
import { analyzeSource } from '../../../src/core/sources/analyzeSource';
import { loadTokenizer } from '../../../src/core/tokens/tokenizer';
import { DIR, longText, messageTexts, onlyPrompt, promptsOf } from './helpers';

const POLICY = longText(60);

const DATE_IN_SYSTEM = `from datetime import datetime
from openai import OpenAI

client = OpenAI()

POLICY = """${POLICY}"""


def answer(question: str) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": f"Today is {datetime.now():%H:%M}.\\n\\n{POLICY}"},
            {"role": "user", "content": question},
        ],
    )
    return response.choices[0].message.content
`;

describe('Python: an f-string date before a module constant in the system message', () => {
  it('puts the boundary on the {datetime interpolation and names it', async () => {
    const { analysis, call } = await onlyPrompt('bot.py', DATE_IN_SYSTEM);
    assert.equal(call.api, 'chat.completions');
    assert.equal(call.line, DATE_IN_SYSTEM.slice(0, DATE_IN_SYSTEM.indexOf('client.chat')).split('\n').length);
    assert.equal(analysis.firstDynamic?.offset, DATE_IN_SYSTEM.indexOf('{datetime'));
    assert.equal(analysis.firstDynamic?.kind, 'per-request-value');
    assert.match(analysis.firstDynamic?.reason ?? '', /datetime\.now\(\) changes every request/);
    assert.equal(analysis.cacheableTokens, 0);
  });

  it('reports the date as a finding there, with what fixing it caches', async () => {
    const { analysis } = await onlyPrompt('bot.py', DATE_IN_SYSTEM);
    const finding = analysis.findings.find((f) => f.rule === 'variable-in-system');
    assert.ok(finding, JSON.stringify(analysis.findings.map((f) => f.rule)));
    assert.equal(finding.severity, 'error');
    assert.equal(finding.range?.start, DATE_IN_SYSTEM.indexOf('{datetime'));
    assert.ok((finding.cacheableTokensIfFixed ?? 0) >= 1024);
    // The fix is written in Python (sourceFixes.test.ts), not in a prompt file's syntax.
    assert.match(finding.fix?.description ?? '', /^Move "Today is \{datetime\.now\(\):%H:%M\}\." to the end of the last user message/);
  });

  it('counts the constant: the prompt holds every token of POLICY', async () => {
    const { analysis } = await onlyPrompt('bot.py', DATE_IN_SYSTEM);
    const tokenizer = await loadTokenizer('o200k_base');
    const policyTokens = tokenizer.count(POLICY);
    assert.ok(policyTokens > 1000);
    assert.ok(analysis.promptTokens > policyTokens, `${analysis.promptTokens} <= ${policyTokens}`);
    assert.ok(analysis.promptTokens < policyTokens + 60);
  });

  it('maps the constant\'s text back into the POLICY literal', async () => {
    const { analysis } = await onlyPrompt('bot.py', DATE_IN_SYSTEM);
    const system = analysis.request.messages[0].parts[0];
    assert.equal(system.type, 'text');
    if (system.type !== 'text') return;
    const at = system.piece.text.indexOf('Rule 7 of');
    const offset = sourceOffsetOf(system.piece, at);
    assert.equal(DATE_IN_SYSTEM.slice(offset, offset + 9), 'Rule 7 of');
    assert.ok(offset < DATE_IN_SYSTEM.indexOf('def answer'));
  });

  it('says the count is an estimate and why', async () => {
    const { analysis } = await onlyPrompt('bot.py', DATE_IN_SYSTEM);
    assert.equal(analysis.estimate, true);
    assert.match(analysis.estimateReason ?? '', /`question`/);
    assert.match(analysis.estimateReason ?? '', /known only at run time/);
    // The editor shows a short line for it; the names stay in the full reason.
    assert.ok(analysis.estimateHeadlines?.includes('2 values known only at run time, counted as written in the code'), String(analysis.estimateHeadlines));
    assert.ok(!analysis.estimateHeadlines?.some((h) => h.includes('`question`')));
    assert.equal(analysis.estimateHeadlines?.length, analysis.estimateReasons?.length);
  });
});

describe('Python: an Anthropic call with cache_control after a long constant', () => {
  const source = `import uuid
import anthropic

client = anthropic.Anthropic()
MANUAL = """${longText(80, 'manual')}"""

def ask(question):
    return client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=512,
        system=[{"type": "text", "text": MANUAL, "cache_control": {"type": "ephemeral"}}],
        messages=[{"role": "user", "content": f"Request {uuid.uuid4()}: {question}"}],
    )
`;

  it('caches the constant at the breakpoint and raises no error for the UUID after it', async () => {
    const { analysis, call } = await onlyPrompt('agent.py', source);
    assert.equal(call.api, 'messages');
    assert.equal(analysis.api, 'anthropic');
    assert.equal(analysis.breakpoints.length, 1);
    assert.equal(analysis.breakpoints[0].ok, true);
    assert.ok(analysis.cacheableTokens >= 1024, String(analysis.cacheableTokens));
    assert.equal(analysis.findings.filter((f) => f.severity === 'error').length, 0, JSON.stringify(analysis.findings));
    assert.equal(analysis.firstDynamic?.name, 'uuid.uuid4()');
  });
});

describe('Python: text built from pieces', () => {
  const call = (content: string, prelude = '') => `from openai import OpenAI
client = OpenAI()
${prelude}
def run(name):
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": ${content}}])
`;

  it('implicit concatenation and +', async () => {
    const prompt = await onlyPrompt('a.py', call(`"Hello " "world" + "!"`));
    assert.deepEqual(messageTexts(prompt), ['Hello world!']);
  });

  it('+= in the enclosing function after a module constant', async () => {
    const source = `from openai import OpenAI
client = OpenAI()
BASE = "You are terse."
def run(name):
    system = BASE
    system += " Answer in French."
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": system}])
`;
    assert.deepEqual(messageTexts(await onlyPrompt('a.py', source)), ['You are terse. Answer in French.']);
  });

  it('a prompt built by 60 statements `system = system + "..."` is read whole, as with += (it stopped 24 deep)', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => `system = system + "Rule ${i}. " + NL`).join('\n');
    const source = `from openai import OpenAI
client = OpenAI()
NL = "\\n"
system = "Rules:\\n"
${lines}
def run(name):
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": system}, {"role": "user", "content": "hi"}])
`;
    const prompt = await onlyPrompt('a.py', source);
    assert.deepEqual(messageTexts(prompt), [`Rules:\n${Array.from({ length: 60 }, (_, i) => `Rule ${i}. \n`).join('')}`, 'hi']);
    assert.equal(prompt.analysis.estimate, false);
  });

  it('`n = n + 1` adds numbers and `items = items + [...]` lists, as += does', async () => {
    const source = `from openai import OpenAI
client = OpenAI()
n = 1
n = n + 1 + 1
msgs = [{"role": "system", "content": "Be brief."}]
msgs = msgs + [{"role": "user", "content": f"{n} times"}]
def run(name):
    return client.chat.completions.create(model="gpt-4o", messages=msgs)
`;
    assert.deepEqual(messageTexts(await onlyPrompt('a.py', source)), ['Be brief.', '3 times']);
  });

  it('.format() with known and unknown arguments', async () => {
    const prompt = await onlyPrompt('a.py', call(`"Hi {who}, {{literal}} in {lang}".format(who=name, lang="French")`));
    assert.deepEqual(messageTexts(prompt), ['Hi {who}, {literal} in French']);
    const piece = prompt.analysis.request.messages[0].parts[0];
    assert.ok(piece.type === 'text' && piece.piece.dynamic.some((d) => d.name === 'name' && d.kind === 'template-variable'));
  });

  it('.format() of a text another .format() leaves a field in: the value is named where its field is written', async () => {
    const source = call(`"{}".format("{}".format(name))`);
    const { request } = (await onlyPrompt('a.py', source)).analysis;
    const range = request.variables.find((v) => v.name === 'name')?.range;
    // The inner template's field, not a range running back to the outer one's end.
    assert.ok(range);
    assert.equal(source.slice(range.start, range.end), '{}');
    assert.equal(range.start, source.indexOf('"{}".format(name)') + 1);
  });

  it('% formatting', async () => {
    const prompt = await onlyPrompt('a.py', call(`"Dear %s, 100%% of %(thing)s" % {"thing": "it"}`));
    assert.equal(messageTexts(prompt)[0].endsWith('100% of it'), true);
  });

  it('textwrap.dedent and "\\n".join of a literal list', async () => {
    const prelude = `import textwrap
LINES = ["one", "two"]
GUIDE = textwrap.dedent("""
    First line
      indented
    Last line
""")`;
    const prompt = await onlyPrompt('a.py', call(`GUIDE + "\\n".join(LINES)`, prelude));
    assert.deepEqual(messageTexts(prompt), ['\nFirst line\n  indented\nLast line\none\ntwo']);
  });

  it('a text repeated with * counts every copy, either way round; a count it cannot know leaves it unknown', async () => {
    assert.deepEqual(messageTexts(await onlyPrompt('a.py', call(`"ab " * 3`))), ['ab ab ab ']);
    const prelude = 'TIMES = 2\nRULE = "Cite the section. "';
    assert.deepEqual(messageTexts(await onlyPrompt('a.py', call(`TIMES * RULE`, prelude))), ['Cite the section. Cite the section. ']);
    const unknown = await onlyPrompt('a.py', call(`"ab " * n`));
    assert.equal(messageTexts(unknown)[0], '"ab " * n');
    assert.equal(unknown.analysis.request.messages[0].parts[0].type === 'text' && unknown.analysis.request.messages[0].parts[0].piece.dynamic[0]?.name, '"ab " * n');
  });

  it('escapes are decoded and each character keeps its place', async () => {
    const source = call(`"tab\\there"`);
    const prompt = await onlyPrompt('a.py', source);
    const part = prompt.analysis.request.messages[0].parts[0];
    assert.ok(part.type === 'text');
    if (part.type !== 'text') return;
    assert.equal(part.piece.text, 'tab\there');
    assert.equal(source.slice(sourceOffsetOf(part.piece, 4), sourceOffsetOf(part.piece, 4) + 4), 'here');
  });

  it('a relative import of a constant from another file', async () => {
    const source = `from openai import OpenAI
from .prompts import GUIDE
client = OpenAI()
def run():
    return client.responses.create(model="gpt-4.1", instructions=GUIDE, input="hi")
`;
    const prompt = await onlyPrompt('pkg/main.py', source, { 'pkg/prompts.py': 'GUIDE = "Be brief. " + "Be kind."\n' });
    assert.equal(prompt.analysis.request.instructions?.text, 'Be brief. Be kind.');
    const offset = sourceOffsetOf(prompt.analysis.request.instructions!, 0);
    assert.equal(source.slice(offset, offset + 5), 'GUIDE', 'imported text is shown at the name that brings it in');
  });

  // As DataDog/dd-trace-py's tests/contrib/openai/test_openai_llmobs.py imports its fixtures: run
  // from the repository's root (where setup.py is), Python finds `tests.contrib.openai.utils` there.
  const llmobsTest = `import openai
from tests.contrib.openai.utils import chat_completion_custom_functions
from tests.contrib.openai.utils import chat_completion_input_description

def test_chat_completion_function_call(client):
    return client.chat.completions.create(
        model="gpt-3.5-turbo",
        messages=[{"role": "user", "content": chat_completion_input_description}],
        functions=chat_completion_custom_functions,
        function_call="auto",
    )
`;
  const llmobsUtils = `chat_completion_input_description = """David Nguyen is a sophomore majoring in computer science at Stanford University.
He is an active member of the Chess Club."""

chat_completion_custom_functions = [
    {
        "name": "extract_student_info",
        "description": "Get the student information from the body of the input text",
        "parameters": {"type": "object", "properties": {"name": {"type": "string", "description": "Name of the person"}}},
    },
]
`;

  it("an absolute import is found from the project root (the folder holding setup.py), not only from the importing file's folder", async () => {
    const prompt = await onlyPrompt('tests/contrib/openai/test_openai_llmobs.py', llmobsTest, {
      'setup.py': 'from setuptools import setup\nsetup()\n',
      'tests/contrib/openai/utils.py': llmobsUtils,
    });
    assert.deepEqual(messageTexts(prompt), ['David Nguyen is a sophomore majoring in computer science at Stanford University.\nHe is an active member of the Chess Club.']);
    assert.deepEqual(prompt.analysis.request.tools.map((t) => [t.name, t.description]), [['extract_student_info', 'Get the student information from the body of the input text']]);
    assert.equal(prompt.analysis.estimate, false, prompt.analysis.estimateReason);
  });

  it('an absolute import of a src/ layout is found from the workspace folder the analysis is given', async () => {
    const source = `from openai import OpenAI
from myapp.prompts import GUIDE
client = OpenAI()
def run():
    return client.responses.create(model="gpt-4.1", instructions=GUIDE, input="hi")
`;
    const files: Record<string, string> = { 'src/myapp/prompts.py': 'GUIDE = "Be brief. " + "Be kind."\n' };
    const analyze = (projectRoot?: string) =>
      analyzeSource({ fileName: join(DIR, 'src/myapp/cli/main.py'), text: source, readFile: (path) => files[path.slice(DIR.length + 1)], ...(projectRoot ? { projectRoot } : {}) });
    const [found] = (await analyze(DIR)).prompts;
    assert.equal(found.analysis.request.instructions?.text, 'Be brief. Be kind.');
    // With no workspace folder and no pyproject.toml, setup.py or .git above the file, Python's path is not known.
    const [missed] = (await analyze()).prompts;
    assert.equal(missed.analysis.request.instructions?.text, 'GUIDE');
  });

  it('an absolute import not found: a value the request leaves out is not also said to be counted as written', async () => {
    const prompt = await onlyPrompt('tests/contrib/openai/test_openai_llmobs.py', llmobsTest);
    const reasons = prompt.analysis.estimateReasons ?? [];
    assert.deepEqual(
      reasons.filter((r) => r.includes('chat_completion_custom')),
      ['`tools` is `chat_completion_custom_functions`, known only at run time (not counted)'],
      'the name left out is named once, as not counted',
    );
    assert.ok(reasons.some((r) => /computed when the module loads \(`chat_completion_input_descr/.test(r)), reasons.join('\n'));
  });

  it('an unreadable relative import is a placeholder and the estimate says so', async () => {
    const source = `from openai import OpenAI
from .missing import GUIDE
client = OpenAI()
client.responses.create(model="gpt-4.1", instructions=GUIDE, input="hi")
`;
    const prompt = await onlyPrompt('main.py', source);
    assert.match(prompt.analysis.estimateReason ?? '', /imported name could not be read/);
  });
});

describe('Python: which calls are found', () => {
  const variants: Array<[string, string]> = [
    ['async client', 'await client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "x"}])'],
    ['with_raw_response', 'client.chat.completions.with_raw_response.create(model="gpt-4o", messages=[{"role": "user", "content": "x"}])'],
    ['beta parse', 'client.beta.chat.completions.parse(model="gpt-4o", messages=[{"role": "user", "content": "x"}])'],
    ['responses', 'client.responses.create(model="gpt-4o", input="x")'],
    ['Anthropic messages', 'client.messages.create(model="claude-sonnet-4-5", max_tokens=5, messages=[{"role": "user", "content": "x"}])'],
    ['LiteLLM', 'litellm.completion("gpt-4o", [{"role": "user", "content": "x"}])'],
  ];
  for (const [name, line] of variants) {
    it(name, async () => {
      const source = `import litellm\nfrom openai import AsyncAzureOpenAI\nclient = AsyncAzureOpenAI()\nasync def f():\n    return ${line}\n`;
      const prompts = await promptsOf('calls.py', source);
      assert.equal(prompts.length, 1);
      assert.equal(prompts[0].analysis.request.messages.at(-1)?.parts[0]?.type, 'text');
    });
  }

  it('no SDK import: the file is not parsed and has no prompts', async () => {
    const prompts = await promptsOf('plain.py', 'client.chat.completions.create(model="gpt-4o", messages=[])\n');
    assert.deepEqual(prompts, []);
  });

  it('other .create() calls are not LLM calls', async () => {
    const prompts = await promptsOf('other.py', 'import openai\nUser.objects.create(name="x")\n');
    assert.deepEqual(prompts, []);
  });

  it('an Assistants thread message (`beta.threads.messages.create`) is no LLM call; an Anthropic beta message is', async () => {
    const source = 'from openai import OpenAI\nfrom anthropic import Anthropic\n\nclient = OpenAI()\nclient.beta.threads.messages.create(thread_id="t", role="user", content="Hello")\nclient.beta.threads.messages.with_raw_response.create(thread_id="t", role="user", content="Hello")\nAnthropic().beta.messages.create(model="claude-sonnet-4-5", max_tokens=10, messages=[{"role": "user", "content": "Hello"}])\n';
    const prompts = await promptsOf('threads.py', source);
    assert.deepEqual(prompts.map((p) => [p.call.line, p.call.api]), [[7, 'messages']]);
  });
});
