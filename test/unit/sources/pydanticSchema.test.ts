import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CORPUS_DIR } from '../../recordedCorpus';
import { onlyPrompt } from './helpers';

/** A recorded request body of the corpus (DataDog/dd-trace-py's openai `.parse` cassettes). */
const recorded = (file: string) => JSON.parse(readFileSync(join(CORPUS_DIR, file), 'utf8')) as { request: Record<string, any>; usage: Record<string, number> };

const MODELS = `from typing import Literal, Optional
from enum import Enum
from pydantic import BaseModel, Field
from openai import OpenAI

client = OpenAI()

class Step(BaseModel):
    explanation: str
    output: str

class MathResponse(BaseModel):
    steps: list[Step]
    final_answer: str
`;

const schemaOf = async (source: string) => (await onlyPrompt('bot.py', source)).analysis.request.responseFormat;

describe('openai.pydantic_function_tool(Model)', () => {
  const classes = `${MODELS}
class GetWeather(BaseModel):
    \"\"\"Get the current weather.

    Use it for one city at a time.\"\"\"
    location: str = Field(description="The city and state")
    unit: Literal["celsius", "fahrenheit"]

class Bare(BaseModel):
    x: int
`;
  const source = (tool: string) => `${classes}
def ask():
    return client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "Weather in Paris?"}],
        tools=[${tool}],
    )
`;
  const format = async (model: string) =>
    (await onlyPrompt('bot.py', `${classes}
def ask():
    return client.beta.chat.completions.parse(model="gpt-4o", messages=[{"role": "user", "content": "Hi"}], response_format=${model})
`)).analysis.request.responseFormat;

  it('is the strict function tool the SDK makes: named after the class, the strict schema parse() sends, described by the docstring as Python holds it', async () => {
    const { analysis } = await onlyPrompt('bot.py', source('openai.pydantic_function_tool(GetWeather)'));
    const tool = analysis.request.tools[0]!;
    assert.equal(tool.name, 'GetWeather');
    assert.equal(tool.strict, true);
    // `__doc__`, not cleaned up: the second line keeps its indentation.
    assert.equal(tool.description, 'Get the current weather.\n\n    Use it for one city at a time.');
    assert.deepEqual(tool.parameters, (await format('GetWeather'))?.schema);
    assert.match(analysis.estimateReason ?? '', /the tool `GetWeather` is a pydantic model/);
    assert.ok(analysis.promptTokens > 40, String(analysis.promptTokens));
  });

  it('takes name= and description=, and a class without a docstring has no description', async () => {
    const named = (await onlyPrompt('bot.py', source('pydantic_function_tool(GetWeather, name="weather", description="Weather now.")'))).analysis.request.tools[0]!;
    assert.equal(named.name, 'weather');
    assert.equal(named.description, 'Weather now.');
    const bare = (await onlyPrompt('bot.py', source('openai.pydantic_function_tool(Bare)'))).analysis.request.tools[0]!;
    assert.equal(bare.name, 'Bare');
    assert.equal(bare.description, undefined);
    assert.deepEqual(bare.parameters, { additionalProperties: false, properties: { x: { title: 'X', type: 'integer' } }, required: ['x'], title: 'Bare', type: 'object' });
  });
});

describe("a pydantic model's definitions", () => {
  it('are in the order Python sorts their names, by code point: ABTest before Abc', async () => {
    const { analysis } = await onlyPrompt('bot.py', `${MODELS}
class Abc(BaseModel):
    a: str

class ABTest(BaseModel):
    b: str

class Both(BaseModel):
    first: Abc
    second: ABTest

def ask():
    return client.beta.chat.completions.parse(model="gpt-4o", messages=[{"role": "user", "content": "Hi"}], response_format=Both)
`);
    assert.deepEqual(Object.keys((analysis.request.responseFormat?.schema as { $defs: object }).$defs), ['ABTest', 'Abc']);
  });
});

describe('a pydantic model as the structured-output format', () => {
  it('chat.completions.parse(response_format=Model): the schema the openai SDK sends, and the count the API answered', async () => {
    const pair = recorded('dd-trace-py/chat-completion-parse-1.json');
    const source = `${MODELS}
def solve():
    return client.beta.chat.completions.parse(
        model="gpt-4o-2024-08-06",
        messages=[{"role": "system", "content": "You are a helpful math tutor."}, {"role": "user", "content": "solve 8x + 31 = 2"}],
        response_format=MathResponse,
    )
`;
    const { analysis } = await onlyPrompt('bot.py', source);
    assert.deepEqual(analysis.request.responseFormat?.schema, pair.request.response_format.json_schema.schema);
    assert.equal(analysis.request.responseFormat?.name, 'MathResponse');
    assert.equal(analysis.request.responseFormat?.strict, true);
    assert.equal(analysis.promptTokens, pair.usage.prompt_tokens);
    assert.match(analysis.estimateReason ?? '', /the response format `MathResponse` is a pydantic model/);
  });

  it('responses.parse(text_format=Model): the same schema under text.format, and the recorded input_tokens', async () => {
    const pair = recorded('dd-trace-py/response-parse-1.json');
    const source = `${MODELS}
def solve():
    return client.responses.parse(model="gpt-4o-2024-08-06", input="solve 8x + 31 = 2", text_format=MathResponse)
`;
    const { analysis } = await onlyPrompt('bot.py', source);
    assert.deepEqual(analysis.request.responseFormat?.schema, pair.request.text.format.schema);
    assert.equal(analysis.promptTokens, pair.usage.input_tokens);
  });

  it('models defined in the calling function: parse() sends the recorded schema and count; pydantic_function_tool and text_format read the function\'s class over the module\'s', async () => {
    const pair = recorded('dd-trace-py/chat-completion-parse-1.json');
    const local = `from pydantic import BaseModel
from openai import OpenAI

client = OpenAI()

def solve():
    class Step(BaseModel):
        explanation: str
        output: str

    class MathResponse(BaseModel):
        steps: list[Step]
        final_answer: str

    return client.beta.chat.completions.parse(
        model="gpt-4o-2024-08-06",
        messages=[{"role": "system", "content": "You are a helpful math tutor."}, {"role": "user", "content": "solve 8x + 31 = 2"}],
        response_format=MathResponse,
    )
`;
    const { analysis } = await onlyPrompt('bot.py', local);
    assert.deepEqual(analysis.request.responseFormat?.schema, pair.request.response_format.json_schema.schema);
    assert.equal(analysis.promptTokens, pair.usage.prompt_tokens);

    // MODELS has module-level Step and MathResponse; the function's own classes are the ones sent.
    const shadowed = (call: string) => `${MODELS}
import openai

def ask():
    class MathResponse(BaseModel):
        \"\"\"The function's.\"\"\"
        answer: int

    return ${call}
`;
    const tool = (await onlyPrompt('bot.py', shadowed('client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hi"}], tools=[openai.pydantic_function_tool(MathResponse)])'))).analysis;
    assert.equal(tool.request.tools[0]?.description, "The function's.");
    assert.deepEqual(Object.keys((tool.request.tools[0]?.parameters as { properties: object }).properties), ['answer']);
    const format = (await onlyPrompt('bot.py', shadowed('client.responses.parse(model="gpt-4o", input="Hi", text_format=MathResponse)'))).analysis;
    assert.deepEqual(Object.keys((format.request.responseFormat?.schema as { properties: object }).properties), ['answer']);
    assert.match(format.estimateReason ?? '', /the response format `MathResponse` is a pydantic model/);
  });

  it('writes optional, literal, enum, described and defaulted fields, a docstring and inherited fields as pydantic 2 does', async () => {
    const source = `${MODELS}
class Mood(str, Enum):
    HAPPY = "happy"
    SAD = "sad"

class Base(BaseModel):
    user_id: int

class Report(Base):
    """A user's report.

    Kept short.
    """
    mood: Mood
    note: Optional[str] = None
    kind: Literal["bug", "idea"]
    score: float = Field(..., description="From 0 to 1", ge=0, le=1)
    tags: list[str] = Field(default_factory=list)
    level: int | None = 3

def ask(q):
    return client.chat.completions.parse(model="gpt-4o", messages=[{"role": "user", "content": q}], response_format=Report)
`;
    const format = await schemaOf(source);
    assert.deepEqual(format?.schema, {
      $defs: { Mood: { enum: ['happy', 'sad'], title: 'Mood', type: 'string' } },
      description: "A user's report.\n\nKept short.",
      properties: {
        user_id: { title: 'User Id', type: 'integer' },
        mood: { $ref: '#/$defs/Mood' },
        note: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Note' },
        kind: { enum: ['bug', 'idea'], title: 'Kind', type: 'string' },
        score: { description: 'From 0 to 1', maximum: 1, minimum: 0, title: 'Score', type: 'number' },
        tags: { items: { type: 'string' }, title: 'Tags', type: 'array' },
        level: { anyOf: [{ type: 'integer' }, { type: 'null' }], default: 3, title: 'Level' },
      },
      required: ['user_id', 'mood', 'note', 'kind', 'score', 'tags', 'level'],
      title: 'Report',
      type: 'object',
      additionalProperties: false,
    });
  });

  it('a model imported from a module of the workspace (from .models import Answer) is written the same way', async () => {
    const files = { 'models.py': 'from pydantic import BaseModel, Field\n\nclass Answer(BaseModel):\n    text: str = Field(description="The answer")\n    sources: list[str]\n' };
    const source = `from openai import OpenAI
from .models import Answer
client = OpenAI()
def ask(q):
    return client.chat.completions.parse(model="gpt-4o", messages=[{"role": "user", "content": q}], response_format=Answer)
`;
    const { analysis } = await onlyPrompt('bot.py', source, files);
    assert.equal(analysis.request.responseFormat?.name, 'Answer');
    assert.deepEqual(analysis.request.responseFormat?.schema, {
      properties: { text: { description: 'The answer', title: 'Text', type: 'string' }, sources: { items: { type: 'string' }, title: 'Sources', type: 'array' } },
      required: ['text', 'sources'],
      title: 'Answer',
      type: 'object',
      additionalProperties: false,
    });
    assert.match(analysis.estimateReason ?? '', /the response format `Answer` is a pydantic model/);
  });

  it('Annotated[..., Field(...)] fields and date, time and UUID types, as pydantic writes them', async () => {
    const source = `${MODELS}
from datetime import date, datetime
from typing import Annotated
from uuid import UUID

class Booking(BaseModel):
    id: UUID
    day: date
    at: datetime
    guests: Annotated[int, Field(description="How many", ge=1)] = 2

def ask(q):
    return client.chat.completions.parse(model="gpt-4o", messages=[{"role": "user", "content": q}], response_format=Booking)
`;
    const format = await schemaOf(source);
    assert.deepEqual((format?.schema as { properties: unknown }).properties, {
      id: { format: 'uuid', title: 'Id', type: 'string' },
      day: { format: 'date', title: 'Day', type: 'string' },
      at: { format: 'date-time', title: 'At', type: 'string' },
      guests: { default: 2, description: 'How many', minimum: 1, title: 'Guests', type: 'integer' },
    });
  });

  it('unions as pydantic 2.13 writes them: members in the order written (a date-time after a date when so written), None last wherever written, a nested union joined, a repeat once', async () => {
    // pydantic v2.13.4 _generate_schema.py `_union_schema` (None taken out, the union made nullable) and
    // json_schema.py `nullable_schema` / `get_flattened_anyof` (null appended, nested unions joined, repeats removed).
    const source = `${MODELS}
from datetime import date, datetime
from typing import Union

class Window(BaseModel):
    start: Union[datetime, date]
    end: date | datetime
    first: None | str
    middle: Union[int, None, str]
    nested: Union[int, Optional[str]]
    twice: Union[int, str, int]

def ask(q):
    return client.chat.completions.parse(model="gpt-4o", messages=[{"role": "user", "content": q}], response_format=Window)
`;
    const format = await schemaOf(source);
    const dateTime = { format: 'date-time', type: 'string' };
    const day = { format: 'date', type: 'string' };
    assert.deepEqual((format?.schema as { properties: unknown }).properties, {
      start: { anyOf: [dateTime, day], title: 'Start' },
      end: { anyOf: [day, dateTime], title: 'End' },
      first: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'First' },
      middle: { anyOf: [{ type: 'integer' }, { type: 'string' }, { type: 'null' }], title: 'Middle' },
      nested: { anyOf: [{ type: 'integer' }, { type: 'string' }, { type: 'null' }], title: 'Nested' },
      twice: { anyOf: [{ type: 'integer' }, { type: 'string' }], title: 'Twice' },
    });
  });

  it('a field that may be None of a model or an enum gets no title, as a reference does (pydantic 2.13 nullable of a reference)', async () => {
    const source = `${MODELS}
from typing import Union

class Mood(str, Enum):
    HAPPY = "happy"

class Note(BaseModel):
    mood: Optional[Mood] = None
    step: Union[None, Step]
    steps: Optional[list[Step]] = None
    either: Step | str | None = None

def ask(q):
    return client.chat.completions.parse(model="gpt-4o", messages=[{"role": "user", "content": q}], response_format=Note)
`;
    const format = await schemaOf(source);
    const step = { $ref: '#/$defs/Step' };
    assert.deepEqual((format?.schema as { properties: unknown }).properties, {
      mood: { anyOf: [{ $ref: '#/$defs/Mood' }, { type: 'null' }] },
      step: { anyOf: [step, { type: 'null' }] },
      steps: { anyOf: [{ items: step, type: 'array' }, { type: 'null' }], title: 'Steps' },
      either: { anyOf: [step, { type: 'string' }, { type: 'null' }], title: 'Either' },
    });
  });

  it('Model.model_json_schema() and Model.schema() in the prompt are pydantic\'s own schema, printed as Python prints it', async () => {
    const source = `import json
from typing import Optional
from openai import OpenAI
from pydantic import BaseModel, Field

client = OpenAI()

class Address(BaseModel):
    street: str

class User(BaseModel):
    """A user."""
    name: str = Field(description="Full name")
    home: Optional[Address] = None
    active: bool = True

class Scored(BaseModel):
    score: float = 1.0

def ask(question):
    return client.chat.completions.create(model="gpt-4o", messages=[
        {"role": "system", "content": f"Schema: {User.model_json_schema()}\\n" + json.dumps(Address.schema())},
        {"role": "user", "content": f"{Scored.model_json_schema()} {question}"},
    ])
`;
    const { analysis } = await onlyPrompt('bot.py', source);
    const system = analysis.request.messages[0].parts[0];
    // What CPython 3.11 with pydantic 2.13.4 sent for the same call.
    assert.equal(
      system.type === 'text' && system.piece.text,
      "Schema: {'$defs': {'Address': {'properties': {'street': {'title': 'Street', 'type': 'string'}}, 'required': ['street'], 'title': 'Address', 'type': 'object'}}, 'description': 'A user.', 'properties': {'name': {'description': 'Full name', 'title': 'Name', 'type': 'string'}, 'home': {'anyOf': [{'$ref': '#/$defs/Address'}, {'type': 'null'}], 'default': None}, 'active': {'default': True, 'title': 'Active', 'type': 'boolean'}}, 'required': ['name'], 'title': 'User', 'type': 'object'}\n" +
        '{"properties": {"street": {"title": "Street", "type": "string"}}, "required": ["street"], "title": "Address", "type": "object"}',
    );
    // A schema holding a number (1.0 or 1?) is left to the program, but it is the same on every request.
    assert.equal(analysis.firstDynamic?.name, 'question');
    assert.match(analysis.estimateReason ?? '', /computed from the module's values \(`Scored\.model_json_schema\(\)`\)/);
  });

  it('a field named `properties` or `default` keeps the order pydantic writes its schema in; a default dict its own, what it holds sorted; the title of an alias', async () => {
    const source = `import json
from typing import Optional
from openai import OpenAI
from pydantic import BaseModel, Field

client = OpenAI()


class Listing(BaseModel):
    \"\"\"A listing.\"\"\"

    zeta: str
    properties: dict[str, str] = Field(description="Named properties")
    default: Optional[str] = Field(None, title="Fallback", description="Used when empty")
    tags: list[str] = Field(default=["b"], examples=[{"z": "1", "a": {"y": "2", "b": "3"}}])
    meta: dict[str, str] = {"z": "1", "a": "2"}
    label: str = Field("x", alias="label_text", description="shown")


def run(question):
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": json.dumps(Listing.model_json_schema())}, {"role": "user", "content": question}])
`;
    const { analysis } = await onlyPrompt('bot.py', source);
    const system = analysis.request.messages[0].parts[0];
    // What CPython 3.11 with pydantic 2.13.4 sent for the same call.
    assert.equal(
      system.type === 'text' && system.piece.text,
      '{"description": "A listing.", "properties": {"zeta": {"title": "Zeta", "type": "string"}, "properties": {"type": "object", "additionalProperties": {"type": "string"}, "description": "Named properties", "title": "Properties"}, "default": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": null, "title": "Fallback", "description": "Used when empty"}, "tags": {"default": ["b"], "examples": [{"a": {"b": "3", "y": "2"}, "z": "1"}], "items": {"type": "string"}, "title": "Tags", "type": "array"}, "meta": {"additionalProperties": {"type": "string"}, "default": {"z": "1", "a": "2"}, "title": "Meta", "type": "object"}, "label_text": {"default": "x", "description": "shown", "title": "Label Text", "type": "string"}}, "required": ["zeta", "properties"], "title": "Listing", "type": "object"}',
    );
  });

  it('a field of a type not known here leaves the format uncounted, as before, and says so', async () => {
    const source = `${MODELS}
from elsewhere import Thing

class Wrapper(BaseModel):
    thing: Thing

def ask(q):
    return client.chat.completions.parse(model="gpt-4o", messages=[{"role": "user", "content": q}], response_format=Wrapper)
`;
    const { analysis } = await onlyPrompt('bot.py', source);
    assert.equal(analysis.request.responseFormat, undefined);
    assert.match(analysis.estimateReason ?? '', /the response format is `Wrapper` \(a class or a schema built by code; not counted\)/);
  });

  it('a class that is not a pydantic model is not taken for one', async () => {
    const source = `${MODELS}
class Plain:
    text: str

def ask(q):
    return client.chat.completions.parse(model="gpt-4o", messages=[{"role": "user", "content": q}], response_format=Plain)
`;
    assert.equal(await schemaOf(source), undefined);
  });
});
