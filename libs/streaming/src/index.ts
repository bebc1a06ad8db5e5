export { SseParser, type SseEvent } from './sse-parser';
export { encodeSseEvent, encodeSseData, encodeSseComment } from './sse-encoder';
export { ChatStreamFold } from './fold-chat-stream';
