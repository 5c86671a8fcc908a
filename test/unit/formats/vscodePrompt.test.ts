import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePrompt } from '../../../src/core/formats';
import { assertMapsToSource, dynamicSource, readFixture, textPiece } from './fixtures';

describe('VS Code prompt file', () => {
  it('reads an awesome-copilot prompt: front matter settings and one user message with variables', () => {
    const source = readFixture('create-github-pull-request-from-specification.prompt.md');
    const request = parsePrompt('create-github-pull-request-from-specification.prompt.md', source);
    assert.equal(request.format, 'vscode-prompt');
    assert.equal(request.parameters.mode, 'agent');
    assert.deepEqual(request.parameters.tools, ['codebase', 'search', 'github', 'create_pull_request', 'update_pull_request', 'get_pull_request_diff']);
    assert.equal(request.tools.length, 0, 'editor tools are names, not definitions');
    assert.equal(request.messages.length, 1);
    assert.equal(request.messages[0].role, 'user');
    const body = textPiece(request.messages[0].parts[0]);
    assert.ok(body.text.startsWith('# Create GitHub Pull Request from Specification'));
    assert.ok(body.text.endsWith('Continue til the end.'));
    assertMapsToSource(body, source);
    assert.deepEqual(body.dynamic.map((d) => [d.kind, d.name]), [
      ['editor-variable', '${workspaceFolder}'],
      ['editor-variable', '${workspaceFolder}'],
      ['template-variable', 'targetBranch'],
    ]);
    assert.equal(dynamicSource(body, source, 2), '${input:targetBranch}');
    assert.deepEqual(request.variables.map((v) => v.name), ['targetBranch']);
  });

  it('reads the model and input placeholders', () => {
    const source = "---\nagent: 'agent'\nmodel: GPT-4o\n---\nReview ${selection} in ${fileBasename} for ${input:focus:security issues}.\n";
    const request = parsePrompt('review.prompt.md', source);
    assert.equal(request.model?.name, 'GPT-4o');
    const body = textPiece(request.messages[0].parts[0]);
    assert.deepEqual(body.dynamic.map((d) => d.name), ['${selection}', '${fileBasename}', 'focus']);
  });
});
