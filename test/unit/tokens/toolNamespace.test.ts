import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { constraintKeywords, descriptionComment, functionNamespace } from '../../../src/core/tokens/toolNamespace';
import { openAIFramingFor } from '../../../src/core/tokens/openaiFraming';
import { responseFormatSection } from '../../../src/core/tokens/renderOpenAIResponseFormat';

const recipe = {
  name: 'get_recipe',
  description: 'Find a recipe',
  parameters: {
    type: 'object',
    required: ['ingredients'],
    properties: {
      ingredients: {
        type: 'array',
        description: 'What to use',
        items: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string', description: 'Ingredient name' },
            unit: { type: 'string', enum: ['g', 'ml'] },
            amount: { type: ['number', 'null'] },
          },
        },
      },
      servings: { type: 'integer', enum: [2, 4] },
      vegan: { type: 'boolean' },
      style: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    },
  },
};

describe('function definitions as a TypeScript-like namespace', () => {
  test('nested objects, arrays, enums, unions and optional properties', () => {
    assert.equal(
      functionNamespace([recipe], { nestedDescriptions: true }),
      [
        'namespace functions {',
        '',
        '// Find a recipe',
        'type get_recipe = (_: {',
        '// What to use',
        'ingredients: {',
        '  // Ingredient name',
        '  name: string,',
        '  unit?: "g" | "ml",',
        '  amount?: number | null,',
        '}[],',
        'servings?: 2 | 4,',
        'vegan?: boolean,',
        'style?: string | null,',
        '}) => any;',
        '',
        '} // namespace functions',
      ].join('\n'),
    );
  });

  test('gpt-5.x writes an array of objects in place as Array<, the object unindented on lines of its own, >; cl100k families as {...}[]', () => {
    const gpt5 = openAIFramingFor('gpt-5');
    assert.equal(gpt5.objectArrays, 'generic');
    assert.equal(gpt5.nestedObjectIndent, 0, 'gpt-5.x objects outside arrays are not indented either (ruby_llm gpt-5-nano)');
    assert.equal(openAIFramingFor('gpt-3.5-turbo').objectArrays, 'suffix');
    assert.equal(openAIFramingFor('gpt-3.5-turbo-0613').objectArrays, 'suffix');
    const text = functionNamespace([recipe], { nestedDescriptions: true, objectArrays: gpt5.objectArrays });
    assert.ok(text.includes('ingredients: Array<\n{\n// Ingredient name\n'), text);
    assert.ok(text.includes('\namount?: number | null,\n}\n>,\nservings?: 2 | 4,'), text);
  });

  test('gpt-5.x writes an object parameter with its properties unindented', () => {
    const gpt5 = openAIFramingFor('gpt-5-nano');
    const tool = {
      name: 'update_user',
      parameters: {
        type: 'object',
        required: ['user'],
        properties: {
          user: {
            type: 'object',
            properties: { name: { type: 'string', description: 'The name' }, email: { type: 'string', description: 'The email' } },
          },
        },
      },
    };
    const text = functionNamespace([tool], {
      nestedDescriptions: true,
      inlineWithoutComments: true,
      objectArrays: gpt5.objectArrays,
      nestedIndent: gpt5.nestedObjectIndent,
      unionObjects: gpt5.unionObjects,
    });
    assert.ok(text.includes('user: {\n// The name\nname?: string,\n// The email\nemail?: string,\n},'), text);
  });

  test('an array of a described primitive is Array<, the description, then the type and > (gpt-4o-mini); type[] without a description', () => {
    const framing = openAIFramingFor('gpt-4o-mini');
    const tool = {
      name: 'extract_student_info',
      parameters: {
        type: 'object',
        properties: {
          clubs: { type: 'array', description: 'School clubs', items: { type: 'string', description: 'Name of School Club' } },
          tags: { type: 'array', items: { type: 'string' } },
        },
      },
    };
    const options = { nestedDescriptions: true, inlineWithoutComments: true, objectArrays: framing.objectArrays, nestedIndent: framing.nestedObjectIndent };
    const text = functionNamespace([tool], options);
    assert.ok(text.includes('// School clubs\nclubs?: Array<\n// Name of School Club\nstring>,\ntags?: string[],'), text);
    // Where arrays are written `type[]` (cl100k families) the items' description is left out.
    const suffix = functionNamespace([tool], { nestedDescriptions: true, inlineWithoutComments: true });
    assert.ok(suffix.includes('clubs?: string[],'), suffix);
  });

  test('gpt-4o writes nested objects unindented, an array of them Array< with the object\'s own description, objects below a union as before', () => {
    const framing = openAIFramingFor('gpt-4o-mini');
    const options = {
      nestedDescriptions: true,
      inlineWithoutComments: true,
      objectArrays: framing.objectArrays,
      nestedIndent: framing.nestedObjectIndent,
      unionObjects: framing.unionObjects,
    };
    const step = {
      type: 'object',
      description: 'a single step',
      required: ['command'],
      properties: { command: { type: 'string', description: 'The command to run' } },
    };
    const tool = {
      name: 'plan',
      parameters: {
        type: 'object',
        properties: {
          // A described object of described strings (sublayer's generators, gpt-4o-mini).
          product: {
            type: 'object',
            description: 'The product',
            properties: { name: { type: 'string', description: 'Its name' } },
          },
          // An array of described objects (gpt-4o).
          steps: { type: 'array', description: 'The steps', items: step },
          // pydantic's Optional[list[Model]]: below a union, indented and `{...}[]` (adala, gpt-4o-mini).
          later: { anyOf: [{ type: 'array', items: step }, { type: 'null' }] },
        },
      },
    };
    const text = functionNamespace([tool], options);
    assert.ok(text.includes('// The product\nproduct?: {\n// Its name\nname?: string,\n},\n'), text);
    assert.ok(text.includes('// The steps\nsteps?: Array<\n// a single step\n{\n// The command to run\ncommand: string,\n}\n>,\n'), text);
    assert.ok(text.includes('later?: {\n  // The command to run\n  command: string,\n}[] | null,\n'), text);
    // The recorded gpt-4o request with an array of described steps counts exactly this block.
    assert.equal(framing.nestedToolSchemasMeasured, true);
  });

  test('a property whose type lists several types is written type by type on Chat Completions, each with its description', () => {
    const tool = {
      name: 'edit_file',
      description: 'Edit a file',
      parameters: {
        type: 'object',
        required: ['paths', 'json'],
        properties: {
          paths: { type: ['null', 'array'], description: 'Files to edit', items: { type: 'string' } },
          json: { type: ['boolean', 'null'], description: 'Answer as JSON' },
        },
      },
    };
    const framing = openAIFramingFor('gpt-4o');
    const chat = functionNamespace([tool], { nestedDescriptions: true, inlineWithoutComments: true, typeLists: framing.typeLists });
    assert.equal(
      chat,
      [
        'namespace functions {',
        '',
        '// Edit a file',
        'type edit_file = (_: {',
        '// Files to edit',
        'paths:',
        ' | null // Files to edit',
        ' | string[] // Files to edit',
        ',',
        '// Answer as JSON',
        // A list ending in `null` costs one token more: written `?`, though the property is required.
        'json?:',
        ' | boolean // Answer as JSON',
        ' | null // Answer as JSON',
        ',',
        '}) => any;',
        '',
        '} // namespace functions',
      ].join('\n'),
    );
    // The recorded cagent requests with these shapes (gpt-4o) count exactly this; on the Responses
    // API a type list stays inline (a recorded gpt-4o request with `tz: ["string", "null"]`).
    const responses = functionNamespace([tool], { nestedDescriptions: true, typeLists: framing.responsesTypeLists });
    assert.ok(responses.includes('paths: null | string[],\n// Answer as JSON\njson: boolean | null,\n'), responses);
  });

  test('the mid-2023 snapshots leave nested descriptions out', () => {
    const text = functionNamespace([recipe], { nestedDescriptions: false });
    assert.ok(text.includes('// What to use'));
    assert.ok(!text.includes('Ingredient name'));
  });

  test('a function without parameters takes no arguments', () => {
    assert.equal(
      functionNamespace([{ name: 'ping', parameters: { type: 'object', properties: {} } }, { name: 'pong' }], {
        nestedDescriptions: true,
      }),
      'namespace functions {\n\ntype ping = () => any;\n\ntype pong = () => any;\n\n} // namespace functions',
    );
  });

  test('a description of several lines is commented line by line, a blank line between paragraphs a bare //', () => {
    assert.equal(
      descriptionComment('Search the web.\n\nArgs:\n    query: what to look for'),
      '// Search the web.\n//\n// Args:\n// query: what to look for',
    );
    // Consecutive blank lines are each a bare `//`; a fenced example's indentation is dropped.
    assert.equal(
      descriptionComment('Click an element.\n\n\n```\n[1] RootWebArea\n  [76] link "About"\n```\n\nweb_browser_click(76)'),
      '// Click an element.\n//\n//\n// ```\n// [1] RootWebArea\n// [76] link "About"\n// ```\n//\n// web_browser_click(76)',
    );
    assert.equal(descriptionComment('Ask a coworker\nShare all context'), '// Ask a coworker\n// Share all context');
    assert.equal(descriptionComment('One line, trailing space kept. '), '// One line, trailing space kept. ');
  });

  test('a title followed by a description is set off from it by an empty comment line', () => {
    const tool = {
      name: 'play',
      parameters: {
        type: 'object',
        properties: {
          move: { title: 'Move', description: 'Choose a move.', type: 'integer' },
          query: { title: 'Query', type: 'string' },
        },
        required: ['move', 'query'],
      },
    };
    assert.equal(
      functionNamespace([tool], { nestedDescriptions: true, inlineWithoutComments: true }),
      [
        'namespace functions {',
        '',
        'type play = (_: {',
        '// Move',
        '//',
        '// Choose a move.',
        'move: number,',
        '// Query',
        'query: string,',
        '}) => any;',
        '',
        '} // namespace functions',
      ].join('\n'),
    );
  });

  test('Responses API header: schema title, trimmed description, schema description; an empty description is a bare //', () => {
    const header = openAIFramingFor('gpt-4.1').responsesToolHeader;
    const agentTool = {
      name: 'tool_agent',
      description: 'Use this tool for math questions ',
      parameters: {
        type: 'object',
        title: 'AgentAsToolInput',
        description: 'Default input schema for agent-as-tool calls.',
        properties: { input: { title: 'Input', type: 'string' } },
        required: ['input'],
      },
    };
    const undescribed = { name: 'ping', description: '', parameters: { type: 'object', title: 'ping_args', properties: {} } };
    const options = { nestedDescriptions: true, inlineWithoutComments: true, header };
    assert.equal(
      functionNamespace([agentTool, undescribed], options),
      [
        'namespace functions {',
        '',
        '// AgentAsToolInput',
        '// Use this tool for math questions',
        '// Default input schema for agent-as-tool calls.',
        'type tool_agent = (_: {',
        '// Input',
        'input: string,',
        '}) => any;',
        '',
        '// ping_args',
        '//',
        'type ping = () => any;',
        '',
        '} // namespace functions',
      ].join('\n'),
    );
    // Chat Completions keeps the description first and its trailing space, then the title, then the
    // schema description set off by an empty comment line.
    assert.ok(
      functionNamespace([agentTool], { nestedDescriptions: true, inlineWithoutComments: true }).includes(
        '// Use this tool for math questions \n// AgentAsToolInput\n//\n// Default input schema for agent-as-tool calls.\ntype tool_agent',
      ),
    );
  });
});

describe('property titles', () => {
  const tool = {
    name: 'GoogleSearch',
    parameters: { type: 'object', required: ['__arg1'], properties: { __arg1: { title: '__arg1', type: 'string' } } },
  };

  test('a title is a comment line above its property, except on the mid-2023 snapshots', () => {
    assert.equal(
      functionNamespace([tool], { nestedDescriptions: true }),
      'namespace functions {\n\ntype GoogleSearch = (_: {\n// __arg1\n__arg1: string,\n}) => any;\n\n} // namespace functions',
    );
    assert.equal(
      functionNamespace([tool], { nestedDescriptions: false, propertyTitles: false }),
      'namespace functions {\n\ntype GoogleSearch = (_: {\n__arg1: string,\n}) => any;\n\n} // namespace functions',
    );
  });
});

describe('JSON-schema keywords in tool parameters', () => {
  const options = { nestedDescriptions: true };
  const body = (parameters: unknown) =>
    functionNamespace([{ name: 'f', parameters }], options)
      .split('\n')
      .slice(3, -3)
      .join('\n');

  test('minimum and maximum follow the declaration as one trailing comment, after a default', () => {
    const parameters = {
      type: 'object',
      required: ['evaluation'],
      properties: {
        evaluation: { description: 'Rating (0 to 5)', maximum: 5, minimum: 0, type: 'integer' },
        start: { type: 'integer', minimum: 0, default: 0 },
      },
    };
    assert.equal(
      body(parameters),
      ['// Rating (0 to 5)', 'evaluation: number, // maximum: 5, minimum: 0', 'start?: number, // default: 0, minimum: 0'].join('\n'),
    );
  });

  test("a string's format and lengths are JSON, its pattern bare text, in the schema's key order", () => {
    const parameters = {
      type: 'object',
      required: ['email', 'note'],
      properties: {
        email: { description: 'Contact address', type: 'string', format: 'email', pattern: '^[a-z.]+@example\\.com$' },
        note: { type: 'string', minLength: 1, maxLength: 200 },
      },
    };
    assert.equal(
      body(parameters),
      [
        '// Contact address',
        'email: string, // format: "email", pattern: ^[a-z.]+@example\\.com$',
        'note: string, // minLength: 1, maxLength: 200',
      ].join('\n'),
    );
  });

  test('a strict schema keeps the formats strict mode supports and drops the others', () => {
    const parameters = {
      type: 'object',
      required: ['when', 'score'],
      properties: { when: { type: 'string', format: 'date-time' }, score: { type: 'number', format: 'double' } },
    };
    const strict = functionNamespace([{ name: 'f', parameters, strict: true }], options).split('\n').slice(3, -3).join('\n');
    assert.equal(strict, ['when: string, // format: "date-time"', 'score: number,'].join('\n'));
    assert.equal(body(parameters), ['when: string, // format: "date-time"', 'score: number, // format: "double"'].join('\n'));
  });

  test('an array of a union is parenthesised; other validation keywords are not written', () => {
    const parameters = {
      type: 'object',
      required: ['tags'],
      properties: { tags: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: ['A', 'B'] } } },
    };
    assert.equal(body(parameters), 'tags: ("A" | "B")[],');
    assert.deepEqual(constraintKeywords(parameters), ['minItems', 'uniqueItems']);
  });

  test('a one-element allOf (pydantic around a $ref with a description) is the referenced type', () => {
    const parameters = {
      type: 'object',
      required: ['output'],
      $defs: { Labels: { enum: ['class_A', 'class_B'], title: 'Labels', type: 'string' } },
      properties: { output: { allOf: [{ $ref: '#/$defs/Labels' }], description: 'The label' } },
    };
    assert.equal(
      functionNamespace([{ name: 'f', parameters }], options),
      [
        'namespace functions {',
        '',
        'type f = (_: {',
        '// The label',
        'output: Labels,',
        '}) => any;',
        '',
        'type Labels = "class_A" | "class_B";',
        '',
        '} // namespace functions',
      ].join('\n'),
    );
  });

  test('a $ref is written by name, its definition after the function; an array of it is Array<Name>', () => {
    // The shape pydantic gives `entities: list[Entity]` with a recursive `children` field.
    const parameters = {
      type: 'object',
      required: ['entities'],
      $defs: {
        Entity: {
          type: 'object',
          title: 'Entity',
          required: ['name'],
          properties: {
            name: { type: 'string', title: 'Name', description: 'The name.' },
            kind: { enum: ['person', 'place'], type: 'string', title: 'Kind' },
            children: { type: 'array', items: { $ref: '#/$defs/Entity' }, title: 'Children' },
          },
        },
      },
      properties: { entities: { type: 'array', items: { $ref: '#/$defs/Entity' }, title: 'Entities', description: 'Found.' } },
    };
    assert.equal(
      functionNamespace([{ name: 'Output', description: 'Extract', parameters }], options),
      [
        'namespace functions {',
        '',
        '// Extract',
        'type Output = (_: {',
        '// Entities',
        '//',
        '// Found.',
        'entities: Array<Entity>,',
        '}) => any;',
        '',
        'type Entity = {',
        '// Name',
        '//',
        '// The name.',
        'name: string,',
        '// Kind',
        'kind?: "person" | "place",',
        '// Children',
        'children?: Array<Entity>,',
        '};',
        '',
        '} // namespace functions',
      ].join('\n'),
    );
  });

  test('a $ref inside an anyOf is written in place as an indented object, titles kept (gpt-4o-mini)', () => {
    // The shape pydantic gives `entities: Optional[list[Entity]] = None`.
    const parameters = {
      type: 'object',
      required: [],
      $defs: {
        Entity: {
          type: 'object',
          title: 'Entity',
          required: ['start', 'labels'],
          properties: {
            start: { type: 'integer', minimum: 0, title: 'Start' },
            labels: { type: 'array', items: { enum: ['ORG', 'PRODUCT'], type: 'string' }, title: 'Labels' },
            text: { anyOf: [{ type: 'string' }, { type: 'null' }], default: null, title: 'Text' },
          },
        },
      },
      properties: {
        entities: {
          anyOf: [{ type: 'array', items: { $ref: '#/$defs/Entity' } }, { type: 'null' }],
          default: null,
          title: 'Entities',
          description: 'Spans',
        },
      },
    };
    assert.equal(
      functionNamespace([{ name: 'MyModel', description: 'Extract', parameters }], options),
      [
        'namespace functions {',
        '',
        '// Extract',
        'type MyModel = (_: {',
        '// Entities',
        '//',
        '// Spans',
        'entities?: {',
        '  // Start',
        '  start: number, // minimum: 0',
        '  // Labels',
        '  labels: ("ORG" | "PRODUCT")[],',
        '  // Text',
        '  text?: string | null, // default: null',
        '}[] | null, // default: null',
        '}) => any;',
        '',
        '} // namespace functions',
      ].join('\n'),
    );
  });

  test('a recursive $ref inside an anyOf is written in place once, then by name', () => {
    const parameters = {
      type: 'object',
      required: ['root'],
      $defs: {
        Node: {
          type: 'object',
          required: ['next'],
          properties: { next: { anyOf: [{ $ref: '#/$defs/Node' }, { type: 'null' }] } },
        },
      },
      properties: { root: { anyOf: [{ $ref: '#/$defs/Node' }, { type: 'null' }] } },
    };
    const text = functionNamespace([{ name: 'Walk', description: 'Walk', parameters }], options);
    assert.ok(text.includes('root: {\n  next: Node | null,\n} | null,'), text);
    assert.ok(text.includes('type Node = {\nnext: Node | null,\n};'), text);
  });

  test('an unresolvable $ref is any', () => {
    const parameters = { type: 'object', required: ['x'], properties: { x: { $ref: '#/$defs/Missing' } } };
    assert.equal(body(parameters), 'x: any,');
  });
});

describe('structured-output schema keywords', () => {
  test('a schema is written without minLength, format and minimum (fitted to strict gpt-4o schemas on the Responses API)', () => {
    const schema = {
      type: 'object',
      properties: { name: { type: 'string', minLength: 2 }, email: { type: 'string', format: 'email' }, age: { type: 'integer', minimum: 18 } },
      required: ['age', 'email', 'name'],
      additionalProperties: false,
    };
    const section = responseFormatSection({ name: 'user_data', schema }, openAIFramingFor('gpt-4o'), false);
    assert.equal(section.schema, '{"type":"object","properties":{"name":{"type":"string"},"email":{"type":"string"},"age":{"type":"integer"}}}');
  });
});

test('a docstring\'s leading and trailing blank lines stay empty lines, the blank line inside it a bare //', () => {
  assert.equal(
    descriptionComment('\n        Returns the boiling point.\n\n        :param liquid_name: The name of the liquid\n        '),
    '\n// Returns the boiling point.\n//\n// :param liquid_name: The name of the liquid\n',
  );
  const block = functionNamespace(
    [{ name: 'get_user_id', description: '\n    Get the user ID.\n\n    :param username: The username\n    ', parameters: { type: 'object', properties: {} } }],
    { nestedDescriptions: true },
  );
  assert.equal(block, 'namespace functions {\n\n\n// Get the user ID.\n//\n// :param username: The username\n\ntype get_user_id = () => any;\n\n} // namespace functions');
});

test('a description of several lines loses each line\'s trailing whitespace and a continuation tab', () => {
  assert.equal(descriptionComment('Useful for math. \n\tThe input is an expression.'), '// Useful for math.\n// The input is an expression.');
});

test('an indented heredoc of several lines loses the first line\'s indentation too (gpt-4.1, fizzy)', () => {
  assert.equal(
    descriptionComment('    Lists all users.\n    Responses look like this:\n    ```\n    { "id": 3 }\n    ```\n'),
    '// Lists all users.\n// Responses look like this:\n// ```\n// { "id": 3 }\n// ```\n',
  );
  // A description of one line is kept as sent.
  assert.equal(descriptionComment('  One line'), '//   One line');
});

describe('custom (free-form) tools', () => {
  test('a grammar tool is declared FREEFORM with its grammar and the API\'s instructions as comment lines', () => {
    const block = functionNamespace(
      [
        {
          name: 'math_exp',
          description: 'Creates valid mathematical expressions',
          freeform: true,
          grammar: { syntax: 'lark', definition: '\n    start: expr\n    expr: INT\n    ' },
        },
      ],
      { nestedDescriptions: true, header: openAIFramingFor('gpt-5').responsesToolHeader },
    );
    assert.equal(
      block,
      [
        'namespace functions {',
        '',
        '// Creates valid mathematical expressions',
        '// IMPORTANT: This tool only accepts string inputs that obey the lark grammar',
        '// start: expr',
        '// expr: INT',
        '// . You must reason carefully about the input and make sure it obeys the grammar.',
        '// IMPORTANT: Do NOT call this tool in parallel with other tools.',
        'type math_exp = (FREEFORM) => any;',
        '',
        '} // namespace functions',
      ].join('\n'),
    );
  });
});
