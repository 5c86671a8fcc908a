/**
 * The anthropic Python SDK's tool runner: the runnable tools (`@beta_tool`) of each program in
 * test/fixtures/anthropic-tool-runner are the tools the SDK sent (recorded beside it), and the
 * program's count is the count of that body.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { docstringParserDescription } from '../../../src/core/sources/anthropicToolRunner';
import { onlyPrompt } from './helpers';

const DIR = join(__dirname, '..', '..', 'fixtures', 'anthropic-tool-runner');

describe("the anthropic SDK's tool runner (Python)", () => {
  for (const name of ['weather', 'orders']) {
    it(`${name}.py: the tools the SDK sent, and the body's count`, async () => {
      const recorded = JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as { body: Record<string, unknown> & { tools: Array<Record<string, unknown>> } };
      const { analysis, call } = await onlyPrompt(`${name}.py`, readFileSync(join(DIR, `${name}.py`), 'utf8'));
      assert.match(call.callee, /\.beta\.messages\.tool_runner$/);
      assert.deepEqual(Object.keys(analysis.request.parameters).sort(), Object.keys(recorded.body).filter((k) => !['model', 'messages', 'system', 'tools'].includes(k)).sort());
      const body = await analyzePrompt({ fileName: 'request.json', text: JSON.stringify(recorded.body), format: 'anthropic-messages' });
      const shape = (tools: typeof analysis.request.tools) => tools.map((t) => [t.name, t.description, JSON.stringify(t.parameters)]);
      assert.deepEqual(shape(analysis.request.tools), shape(body.request.tools));
      assert.equal(analysis.promptTokens, body.promptTokens);
      assert.deepEqual(
        analysis.breakpoints.map((b) => b.ttl),
        body.breakpoints.map((b) => b.ttl),
      );
    });
  }

  it('tools spread from another list (`[*BASE, extra]`) are the tools of the list written out', async () => {
    const program = (tools: string) => `from anthropic import Anthropic, beta_tool
client = Anthropic()

@beta_tool
def first(city: str) -> str:
    """The first tool."""
    return ""

@beta_tool(defer_loading=True)
def second(n: int = 1) -> str:
    """The second tool."""
    return ""

BASE = [first]
client.beta.messages.tool_runner(model="claude-sonnet-4-5", max_tokens=256, messages=[{"role": "user", "content": "Go."}], tools=${tools})
`;
    const spread = await onlyPrompt('app.py', program('[*BASE, second]'));
    const written = await onlyPrompt('app.py', program('[first, second]'));
    assert.deepEqual(
      spread.analysis.request.tools.map((t) => t.name),
      ['first', 'second'],
    );
    assert.equal(spread.analysis.promptTokens, written.analysis.promptTokens);
    assert.equal(spread.analysis.estimateReason, written.analysis.estimateReason);
  });

  it('`tools=[get_weather.to_dict()]` in messages.create sends the definition the runner sends; the bare function there is not read', async () => {
    const program = (call: string) => `from anthropic import Anthropic, beta_tool
client = Anthropic()

@beta_tool
def get_weather(city: str) -> str:
    """The weather in a city.

    Args:
        city: The city.
    """
    return ""

${call}
`;
    const messages = 'model="claude-sonnet-4-5", max_tokens=256, messages=[{"role": "user", "content": "Weather in Oslo?"}]';
    const runner = await onlyPrompt('app.py', program(`client.beta.messages.tool_runner(${messages}, tools=[get_weather])`));
    const create = await onlyPrompt('app.py', program(`client.messages.create(${messages}, tools=[get_weather.to_dict()])`));
    const bare = await onlyPrompt('app.py', program(`client.messages.create(${messages}, tools=[get_weather])`));
    assert.deepEqual(create.analysis.request.tools.map((t) => [t.name, t.description]), [['get_weather', 'The weather in a city.']]);
    assert.equal(create.analysis.promptTokens, runner.analysis.promptTokens);
    assert.equal(bare.analysis.request.tools.length, 0);
  });

  it('a tool whose parameters hold **kwargs and no input_schema is not counted, and the estimate says why', async () => {
    const { analysis } = await onlyPrompt(
      'app.py',
      `from anthropic import Anthropic, beta_tool
client = Anthropic()

@beta_tool
def anything(**kwargs) -> str:
    """Does anything."""
    return ""

client.beta.messages.tool_runner(model="claude-sonnet-4-5", max_tokens=256, messages=[{"role": "user", "content": "Go."}], tools=[anything])
`,
    );
    assert.equal(analysis.request.tools.length, 0);
    assert.match(analysis.estimateReason ?? '', /tool anything takes \*args or \*\*kwargs, whose schema is not written here: not counted/);
  });

  it("docstring_parser's description: the first line, a blank line, then the rest of the text before the first section", () => {
    assert.equal(docstringParserDescription('Get the weather in a city.'), 'Get the weather in a city.');
    assert.equal(docstringParserDescription('Get the weather\n    in a city.\n\n    Args:\n        city: The city.\n    '), 'Get the weather\n\nin a city.');
    assert.equal(docstringParserDescription('Get it.\n\n    Longer text\n    over lines.\n\n    Returns:\n        A text.\n'), 'Get it.\n\nLonger text\nover lines.');
    assert.equal(docstringParserDescription('\n    Get it.\n\n    :param city: The city.\n    '), 'Get it.');
    assert.equal(docstringParserDescription('Get it.\n\n    Parameters\n    ----------\n    city : str\n        The city.\n'), 'Get it.');
    assert.equal(docstringParserDescription(''), '');
  });
});
