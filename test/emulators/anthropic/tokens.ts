/**
 * Token estimates. The real tokenizer is not public; ~4 characters per token is Anthropic's own rule of thumb
 * for English and is stable, which is what tests need. The prompt is flattened into segments in the order the
 * API caches it — tools, then system, then messages — so prefix counts are consistent with the total.
 */
import type { CacheControl, PromptParams } from "./wire.ts";

export const CHARS_PER_TOKEN = 4;

export function estimateTokens(chars: number): number {
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

/** One cacheable block of the prompt; `cacheControl` marks a breakpoint at its end. */
export interface PromptSegment {
  text: string;
  cacheControl?: CacheControl;
}

export function promptSegments(params: PromptParams): PromptSegment[] {
  const segments: PromptSegment[] = [];
  for (const tool of params.tools ?? [])
    segments.push(segment(tool, JSON.stringify(withoutCacheControl(tool))));
  if (typeof params.system === "string") segments.push({ text: params.system });
  for (const block of Array.isArray(params.system) ? params.system : [])
    segments.push(segment(block, block.text));
  for (const message of params.messages) {
    if (typeof message.content === "string") {
      segments.push({ text: `${message.role}: ${message.content}` });
      continue;
    }
    message.content.forEach((block, index) => {
      // The role belongs to the prefix: the same block in another turn is another prompt.
      const role = index === 0 ? `${message.role}: ` : "";
      segments.push(segment(block, role + JSON.stringify(withoutCacheControl(block))));
    });
  }
  // Automatic caching: the top-level marker lands on the last block.
  const last = segments.at(-1);
  if (params.cache_control && last && !last.cacheControl) last.cacheControl = params.cache_control;
  return segments;
}

export function countPromptTokens(params: PromptParams): number {
  return estimateTokens(promptSegments(params).reduce((chars, { text }) => chars + text.length, 0));
}

function segment(block: { cache_control?: CacheControl | null }, text: string): PromptSegment {
  return block.cache_control ? { text, cacheControl: block.cache_control } : { text };
}

// A marker moved or added must not change the content it marks (the cache key is the content).
function withoutCacheControl(block: Record<string, unknown>): Record<string, unknown> {
  const { cache_control: _marker, ...rest } = block;
  return rest;
}
