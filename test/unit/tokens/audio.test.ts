import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzePrompt, InputRejectedError } from '../../../src/core/analyze';
import { parsePrompt } from '../../../src/core/formats';
import { audioDuration, Base64Bytes, mp3FrameHeader } from '../../../src/core/formats/audioDuration';
import type { ContentPart } from '../../../src/core/model';
import { AUDIO_LENGTH_UNKNOWN_ESTIMATE, AUDIO_MP3_FRAMES_ESTIMATE, AUDIO_RATE_ESTIMATE, countAudioTokens } from '../../../src/core/tokens/audioTokens';
import { resolveModel } from '../../../src/core/tokens/models';
import { renderRequest } from '../../../src/core/tokens/render';
import { isSyntheticId, syntheticLabel } from '../../../src/core/tokens/syntheticIds';
import { loadTokenizer } from '../../../src/core/tokens/tokenizer';

/** A PCM WAV of `samples` frames, with an optional LIST chunk before `data`. */
function wav(sampleRate: number, channels: number, bits: number, samples: number, list = false): Buffer {
  const data = Buffer.alloc(samples * channels * (bits / 8), 0x11);
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'latin1');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(1, 8);
  fmt.writeUInt16LE(channels, 10);
  fmt.writeUInt32LE(sampleRate, 12);
  fmt.writeUInt32LE(sampleRate * channels * (bits / 8), 16);
  fmt.writeUInt16LE(channels * (bits / 8), 20);
  fmt.writeUInt16LE(bits, 22);
  const extra = list ? Buffer.concat([Buffer.from('LIST', 'latin1'), Buffer.from([5, 0, 0, 0]), Buffer.from('INFOx\0', 'latin1')]) : Buffer.alloc(0);
  const dataHeader = Buffer.alloc(8);
  dataHeader.write('data', 0, 'latin1');
  dataHeader.writeUInt32LE(data.length, 4);
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), fmt, extra, dataHeader, data]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

/** One MPEG-2 layer III frame (16 kHz mono, 64 kbit/s: 576 samples, 288 bytes). */
function mp3Frame(fill = 0x55): Buffer {
  const frame = Buffer.alloc(288, fill);
  frame.set([0xff, 0xf3, 0x88, 0xc4]);
  return frame;
}

/** An MP3 of `frames` audio frames behind an ID3 tag, with a LAME Info frame when delay/padding are given. */
function mp3(frames: number, gapless?: { delay: number; padding: number }): Buffer {
  const id3 = Buffer.concat([Buffer.from('ID3', 'latin1'), Buffer.from([4, 0, 0, 0, 0, 0, 0, 6]), Buffer.from('TSSE\0\0', 'latin1')]);
  const parts: Buffer[] = [id3];
  if (gapless) {
    const info = mp3Frame(0);
    // Side information of an MPEG-2 mono frame is 9 bytes: the tag starts at 4 + 9.
    let at = 13;
    info.write('Info', at, 'latin1');
    info.writeUInt32BE(0x0f, at + 4);
    info.writeUInt32BE(frames, at + 8);
    info.writeUInt32BE(frames * 288, at + 12);
    at += 8 + 4 + 4 + 100 + 4;
    info.write('LAME3.100', at, 'latin1');
    info[at + 21] = gapless.delay >> 4;
    info[at + 22] = ((gapless.delay & 0x0f) << 4) | (gapless.padding >> 8);
    info[at + 23] = gapless.padding & 0xff;
    parts.push(info);
  }
  for (let i = 0; i < frames; i++) parts.push(mp3Frame());
  return Buffer.concat(parts);
}

describe('audio length from the headers of base64 data', () => {
  test('a WAV lasts its data bytes over sample rate x channels x bytes per sample', () => {
    const clip = wav(16000, 1, 16, 11840);
    assert.deepEqual(audioDuration(clip.toString('base64'), 'wav'), {
      seconds: 0.74,
      exact: true,
      detail: 'WAV, 16000 Hz, 1 channel, 16-bit, 23680 bytes of samples',
    });
    const stereo = audioDuration(wav(44100, 2, 16, 44100 * 3, true).toString('base64'), 'wav');
    assert.equal(stereo?.seconds, 3);
  });

  test('a streamed WAV without a data size lasts to the end of the payload', () => {
    const clip = wav(8000, 1, 8, 4000);
    clip.writeUInt32LE(0xffffffff, clip.indexOf('data') + 4);
    assert.equal(audioDuration(clip.toString('base64'), 'wav')?.seconds, 0.5);
  });

  test('an MP3 with a LAME tag lasts its frames less the encoder delay and padding', () => {
    const clip = mp3(23, { delay: 576, padding: 832 });
    const duration = audioDuration(clip.toString('base64'), 'mp3');
    assert.equal(duration?.seconds, 0.74);
    assert.equal(duration?.exact, true);
    assert.match(duration!.detail, /MPEG-2 layer 3, 16000 Hz.*23 frames less 576 samples of encoder delay and 832 of padding/);
  });

  test('an MP3 without a tag is walked frame by frame; its length is then approximate', () => {
    const duration = audioDuration(mp3(25).toString('base64'), 'mp3');
    assert.equal(duration?.seconds, (25 * 576) / 16000);
    assert.equal(duration?.exact, false);
  });

  test('frame headers decode version, layer, rate and size', () => {
    assert.deepEqual(mp3FrameHeader(Uint8Array.from([0xff, 0xf3, 0x88, 0xc4])), {
      version: 2, layer: 3, sampleRate: 16000, channels: 1, samples: 576, size: 288,
    });
    // MPEG-1 layer III, 128 kbit/s, 44.1 kHz, stereo: 417 bytes without padding.
    assert.equal(mp3FrameHeader(Uint8Array.from([0xff, 0xfb, 0x90, 0x00]))?.size, 417);
    assert.equal(mp3FrameHeader(Uint8Array.from([0xff, 0xfb, 0xf0, 0x00])), undefined);
  });

  test('bytes are read from any offset of wrapped base64 without decoding the rest', () => {
    const raw = Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256));
    const wrapped = raw.toString('base64').replace(/(.{76})/g, '$1\n');
    const bytes = new Base64Bytes(wrapped);
    assert.equal(bytes.length, 300);
    assert.deepEqual(Array.from(bytes.read(100, 5)!), [100, 101, 102, 103, 104]);
    assert.deepEqual(Array.from(bytes.read(298, 10)!), [42, 43]);
  });

  test('data that is neither WAV nor MP3 has no length', () => {
    assert.equal(audioDuration(Buffer.from('OggS0000000000000000').toString('base64'), 'ogg'), undefined);
    assert.equal(audioDuration('not base64 at all!!', 'wav'), undefined);
  });
});

describe('audio tokens', () => {
  const part = (seconds: number | undefined, exactLength = true): Extract<ContentPart, { type: 'audio' }> => ({
    type: 'audio', format: 'wav', ...(seconds === undefined ? {} : { seconds, exactLength }), source: 'clip', range: null,
  });

  test('1 token per 100 ms, rounded down, always an estimate', () => {
    assert.deepEqual(countAudioTokens(part(0.74)), { tokens: 7, estimateReasons: [AUDIO_RATE_ESTIMATE] });
    assert.equal(countAudioTokens(part(0.8916)).tokens, 8);
    assert.equal(countAudioTokens(part(0.3)).tokens, 3);
    assert.equal(countAudioTokens(part(60)).tokens, 600);
    assert.deepEqual(countAudioTokens(part(1.23, false)).estimateReasons, [AUDIO_RATE_ESTIMATE, AUDIO_MP3_FRAMES_ESTIMATE]);
    assert.deepEqual(countAudioTokens(part(undefined)), { tokens: 0, estimateReasons: [AUDIO_LENGTH_UNKNOWN_ESTIMATE] });
  });

  async function render(body: Record<string, unknown>, format: 'openai-chat' | 'openai-responses' = 'openai-chat') {
    const request = parsePrompt('request.json', JSON.stringify(body, null, 2), { format });
    const resolved = resolveModel(request.model?.name);
    const tokenizer = await loadTokenizer(resolved.encoding);
    return { request, rendered: renderRequest(request, tokenizer, resolved), tokenizer };
  }

  const question = { type: 'text', text: 'What is the word said? Reply with only the word.' };

  test('a Chat input_audio part counts its length and 4 framing tokens, never its base64', async () => {
    const data = wav(16000, 1, 16, 11840).toString('base64');
    const withAudio = await render({
      model: 'gpt-4o-audio-preview',
      messages: [{ role: 'user', content: [question, { type: 'input_audio', input_audio: { data, format: 'wav' } }] }],
    });
    const textOnly = await render({ model: 'gpt-4o-audio-preview', messages: [{ role: 'user', content: [question] }] });
    // The recorded request: 30 prompt tokens, 7 of them audio, 23 text.
    assert.equal(withAudio.rendered.total, 30);
    assert.equal(withAudio.rendered.total - textOnly.rendered.total, 7 + 4);
    assert.equal(withAudio.rendered.estimate, true);
    assert.ok(withAudio.rendered.estimateReason?.includes('1 token per 100 ms'));
    const synthetic = Array.from(withAudio.rendered.ids).filter(isSyntheticId).map(syntheticLabel);
    assert.equal(synthetic.filter((label) => label === '<|audio|>').length, 7);
    assert.equal(synthetic.filter((label) => label === '<|audio_frame|>').length, 4);
    const text = withAudio.tokenizer.decode(Array.from(withAudio.rendered.ids).filter((id) => !isSyntheticId(id)));
    assert.ok(!text.includes(data.slice(0, 16)), 'the base64 is not read as text');

    const [, audio] = withAudio.request.messages[0]!.parts;
    assert.equal(audio?.type, 'audio');
    if (audio?.type === 'audio') {
      assert.equal(audio.seconds, 0.74);
      assert.match(audio.source, /^wav audio, 23724 bytes, 0\.74 s \(WAV, 16000 Hz/);
    }
  });

  test('a different clip of the same length reads as different tokens', async () => {
    const body = (fill: number) => {
      const clip = wav(16000, 1, 16, 8000);
      clip.fill(fill, 44);
      return { model: 'gpt-4o-audio-preview', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: clip.toString('base64'), format: 'wav' } }] }] };
    };
    const a = (await render(body(1))).rendered;
    const b = (await render(body(2))).rendered;
    assert.equal(a.total, b.total);
    assert.notDeepEqual(Array.from(a.ids), Array.from(b.ids));
  });

  test('a Responses input_audio part is counted the same way', async () => {
    const data = mp3(23, { delay: 576, padding: 832 }).toString('base64');
    const { request, rendered } = await render(
      { model: 'gpt-4o', input: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data, format: 'mp3' } }] }] },
      'openai-responses',
    );
    const part = request.messages[0]!.parts[0]!;
    assert.equal(part.type, 'audio');
    const labels = Array.from(rendered.ids).filter(isSyntheticId).map(syntheticLabel);
    assert.equal(labels.filter((label) => label === '<|audio|>').length, 7);
    assert.equal(rendered.estimate, true);
  });

  test('a long clip is analysed without decoding or scanning its payload', async () => {
    // About 16 MB of base64: 10 minutes of 16 kHz mono 16-bit audio.
    const data = wav(16000, 1, 16, 16000 * 600).toString('base64');
    const started = performance.now();
    const { rendered } = await render({ model: 'gpt-4o-audio-preview', messages: [{ role: 'user', content: [question, { type: 'input_audio', input_audio: { data, format: 'wav' } }] }] });
    const elapsed = performance.now() - started;
    assert.equal(rendered.total, 6000 + 4 + 19);
    assert.ok(elapsed < 2000, `took ${elapsed.toFixed(0)} ms`);
  });
});

describe('audio whose header claims days of sound', () => {
  test('a WAV of 2 MB at 1 sample a second (23 days, 20 million tokens) is refused, saying why', async () => {
    const data = wav(1, 1, 8, 2_000_000).toString('base64');
    const text = JSON.stringify({ model: 'gpt-4o-audio-preview', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data, format: 'wav' } }] }] });
    await assert.rejects(analyzePrompt({ fileName: 'clip.json', text }), (error: unknown) => {
      assert.ok(error instanceof InputRejectedError);
      assert.match(error.message, /^The request's images, documents and audio count more than 16,000,000 tokens \(one of them 20,000,000\)/);
      return true;
    });
  });
});
