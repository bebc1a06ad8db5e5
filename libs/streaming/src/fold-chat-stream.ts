import type { ChatResponse, ChatStreamEvent, FinishReason, ToolCall, TokenUsage } from '@asc/contracts';

/**
 * Folds canonical stream events into the unary `ChatResponse`, so metering, audit and usage estimation share the
 * unary path (same idea as envoyproxy/ai-gateway `MessagesResponseFromStream`). Created per stream, not thread-safe.
 */
export class ChatStreamFold {
  private id = '';
  private model = '';
  private created = 0;
  private readonly textParts: string[] = [];
  private textLength = 0;
  private readonly toolCalls: ToolCall[] = [];
  private finishReason: FinishReason | undefined;
  private stopSequence: string | undefined;
  private usage: Partial<Omit<TokenUsage, 'source'>> = {};
  private usageSeen = false;
  private ended = false;

  apply(event: ChatStreamEvent): void {
    switch (event.type) {
      case 'start':
        this.id = event.id;
        this.model = event.model;
        this.created = event.created;
        break;
      case 'text-delta':
        this.textParts.push(event.text);
        this.textLength += event.text.length;
        break;
      case 'tool-call-start':
        this.toolCalls[event.index] = { id: event.id, name: event.name, arguments: '' };
        break;
      case 'tool-call-delta': {
        const call = this.toolCalls[event.index];
        if (call) call.arguments += event.argumentsDelta;
        this.textLength += event.argumentsDelta.length;
        break;
      }
      case 'finish':
        this.finishReason = event.finishReason;
        this.stopSequence = event.stopSequence;
        break;
      case 'usage':
        this.usage = { ...this.usage, ...event.usage };
        this.usageSeen = true;
        break;
      case 'end':
        this.ended = true;
        break;
      case 'error':
        break;
    }
  }

  /** Characters of text and tool arguments generated so far (for estimating output tokens). */
  get generatedChars(): number {
    return this.textLength;
  }

  get hasUsage(): boolean {
    return this.usageSeen;
  }

  get hasEnded(): boolean {
    return this.ended;
  }

  get finished(): boolean {
    return this.finishReason !== undefined;
  }

  /** The usage reported so far, zeros where the provider said nothing. */
  reportedUsage(): TokenUsage {
    return {
      inputTokens: this.usage.inputTokens ?? 0,
      outputTokens: this.usage.outputTokens ?? 0,
      cachedInputTokens: this.usage.cachedInputTokens ?? 0,
      cacheWriteInputTokens: this.usage.cacheWriteInputTokens ?? 0,
      source: 'reported',
    };
  }

  toResponse(): ChatResponse {
    const response: ChatResponse = {
      id: this.id,
      model: this.model,
      created: this.created,
      text: this.textParts.join(''),
      toolCalls: this.toolCalls.filter((call): call is ToolCall => call !== undefined),
      finishReason: this.finishReason ?? 'other',
      usage: this.reportedUsage(),
    };
    if (this.stopSequence !== undefined) response.stopSequence = this.stopSequence;
    return response;
  }
}
