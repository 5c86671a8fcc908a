import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countFailureNotice } from '../../../src/extension/countFailureNotice';

const unreachable = { message: 'Could not reach api.openai.com (ENOTFOUND): check the connection or a proxy.', badKey: false };
const refused = { message: 'api.openai.com refused the OpenAI API key (401). Set a valid one.', badKey: true };

describe('a failed "Count Exactly with the Provider" is told to the user', () => {
  it('right after a key was entered: a dialog naming the reason, which cannot land unseen in the notification centre', () => {
    const notice = countFailureNotice(unreachable, 'OpenAI', true);
    assert.equal(notice.modal, true);
    assert.equal(notice.message, 'Prompt Cache Lens: the count with OpenAI failed.');
    assert.match(notice.detail ?? '', /^Could not reach api\.openai\.com \(ENOTFOUND\): check the connection or a proxy\./);
    assert.match(notice.detail ?? '', /The key you entered is stored/);
    assert.deepEqual(notice.actions, ['Show Log']);
  });

  it('a refused key offers to set another', () => {
    assert.deepEqual(countFailureNotice(refused, 'OpenAI', true).actions, ['Set API Key', 'Show Log']);
    assert.deepEqual(countFailureNotice(refused, 'OpenAI', false).actions, ['Set API Key', 'Show Log']);
  });

  it('with a key already set: an error message with the reason', () => {
    assert.deepEqual(countFailureNotice(unreachable, 'OpenAI', false), {
      message: `Prompt Cache Lens: ${unreachable.message}`,
      modal: false,
      actions: ['Show Log'],
    });
  });
});
