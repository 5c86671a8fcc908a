/**
 * Anthropic Messages requests in cache order: tools, system, messages. Counted with a local
 * encoding as an estimate (no public Claude 3+ tokenizer); the block structure and breakpoints are
 * exact, which is what Anthropic's caching rules (20-block lookback, 4 breakpoints) depend on.
 */
import type { PromptRequest } from '../model';
import { ANTHROPIC_ESTIMATE, ANTHROPIC_FRAMING, anthropicImageTokens } from './anthropicFraming';
import type { ResolvedModel } from './models';
import { anchoredRun, PromptBuilder, syntheticRun } from './promptBuilder';
import type { RenderedPrompt } from './rendered';
import { renderParts } from './renderContent';
import { messageLabels } from './segmentLabels';
import { Marker } from './syntheticIds';
import type { Tokenizer } from './tokenizer';

function forcesTool(toolChoice: unknown): boolean {
  if (!toolChoice || typeof toolChoice !== 'object') return false;
  const type = (toolChoice as Record<string, unknown>).type;
  return type === 'any' || type === 'tool';
}

export function renderAnthropicRequest(req: PromptRequest, tokenizer: Tokenizer, resolved: ResolvedModel): RenderedPrompt {
  const builder = new PromptBuilder(tokenizer);
  // The model table already explains why Claude counts are estimates; say it once.
  if (!resolved.estimateReason) builder.estimate(ANTHROPIC_ESTIMATE);
  const countImage = (part: { width?: number; height?: number }) => ({
    tokens: anthropicImageTokens(part.width, part.height),
    ...(part.width && part.height ? {} : { estimateReason: 'image size unknown; counted at the largest image cost' }),
  });
  let lastBlock = -1;

  if (req.tools.length > 0) {
    builder.beginSegment('tools', 'tools', null);
    const forced = forcesTool(req.parameters.tool_choice);
    builder.markers(
      Marker.toolsPreamble,
      forced ? ANTHROPIC_FRAMING.toolSystemPromptForced : ANTHROPIC_FRAMING.toolSystemPromptAuto,
    );
    req.tools.forEach((tool, toolIndex) => {
      builder.beginSegment('tool', `tool ${tool.name}`, tool.range, { toolIndex });
      const definition = JSON.stringify({
        name: tool.name,
        ...(tool.description !== undefined ? { description: tool.description } : {}),
        ...(tool.parameters !== undefined ? { input_schema: tool.parameters } : {}),
      });
      const offset = tool.range?.start ?? -1;
      for (const span of tool.dynamic) builder.dynamicAtNext(span, offset);
      builder.text(anchoredRun(definition, offset));
      lastBlock = builder.block();
      if (tool.breakpoint) builder.breakpoint(tool.breakpoint, lastBlock);
      builder.endSegment();
    });
    builder.endSegment();
  }

  if (req.system && req.system.length > 0) {
    builder.beginSegment('system', 'system', null);
    builder.markers(Marker.start, ANTHROPIC_FRAMING.system);
    const before = builder.blockCountSoFar;
    renderParts(builder, req.system, countImage, { blocksPerPart: true });
    if (builder.blockCountSoFar > before) lastBlock = builder.blockCountSoFar - 1;
    builder.endSegment();
  }

  const labels = messageLabels(req.messages);
  req.messages.forEach((message, index) => {
    builder.beginSegment('message', labels[index], message.range, { messageIndex: index });
    builder.markers(Marker.start, ANTHROPIC_FRAMING.perMessage - 1);
    builder.text(anchoredRun(message.role, message.roleRange?.start ?? -1));
    const before = builder.blockCountSoFar;
    renderParts(builder, message.parts, countImage, { blocksPerPart: true });
    if (message.toolCalls) builder.text(syntheticRun(message.toolCalls.text));
    if (builder.blockCountSoFar > before) lastBlock = builder.blockCountSoFar - 1;
    builder.endSegment();
  });

  if (req.topLevelCacheControl && lastBlock >= 0) {
    // Automatic placement: the breakpoint sits on the last cacheable block.
    builder.breakpointAt(req.topLevelCacheControl, lastBlock, builder.blockEnd(lastBlock), true);
  }
  return builder.build(resolved.model, tokenizer.encoding, resolved.estimateReason);
}
