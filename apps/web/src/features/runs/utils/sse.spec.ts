import { SseParser } from './sse';

describe('SseParser', () => {
  it('reads events, data lines and ids', () => {
    const parser = new SseParser();
    expect(parser.push('event: progress\nid: 7\ndata: {"a":1}\n\ndata: plain\n\n')).toEqual([
      { event: 'progress', data: '{"a":1}', id: '7' },
      { event: 'message', data: 'plain', id: '7' },
    ]);
  });

  it('joins multi-line data and ignores comments (keep-alives)', () => {
    const parser = new SseParser();
    expect(parser.push(': ping\n\ndata: one\ndata: two\n\n')).toEqual([
      { event: 'message', data: 'one\ntwo' },
    ]);
  });

  it('copes with chunks cut anywhere, CRLF included', () => {
    const parser = new SseParser();
    const text = 'event: progress\r\ndata: {"done":3}\r\n\r\nevent: end\r\ndata: x\r\n\r\n';
    const messages = [];
    for (let index = 0; index < text.length; index += 1)
      messages.push(...parser.push(text[index]!));
    expect(messages).toEqual([
      { event: 'progress', data: '{"done":3}' },
      { event: 'end', data: 'x' },
    ]);
  });

  it('waits for the blank line before dispatching', () => {
    const parser = new SseParser();
    expect(parser.push('data: half')).toEqual([]);
    expect(parser.push('\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'message', data: 'half' }]);
  });
});
