/** The Server-Sent Events parser the HTTP client reads progress with. */
import { describe, expect, it } from 'vitest';
import { SseParser } from '../../renderer/src/sse-parser';

describe('SseParser', () => {
  it('parses events split across arbitrary chunks', () => {
    const parser = new SseParser();
    const text = ': connected\n\nevent: progress\ndata: {"a":1}\n\nevent: progress\r\ndata: {"a":2}\r\n\r\n';
    const events = [];
    for (let i = 0; i < text.length; i += 7) events.push(...parser.push(text.slice(i, i + 7)));
    expect(events).toEqual([
      { event: 'progress', data: '{"a":1}' },
      { event: 'progress', data: '{"a":2}' },
    ]);
  });

  it('joins multi-line data and defaults the event name', () => {
    expect(new SseParser().push('data: one\ndata: two\n\n')).toEqual([{ event: 'message', data: 'one\ntwo' }]);
  });

  it('skips comments and keeps an incomplete event for later', () => {
    const parser = new SseParser();
    expect(parser.push(': keep-alive\n\nevent: x\ndata: 1')).toEqual([]);
    expect(parser.push('\n\n')).toEqual([{ event: 'x', data: '1' }]);
  });
});
