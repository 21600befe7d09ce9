import { findStackTrace } from './stack-traces';

describe('findStackTrace', () => {
  it.each([
    [
      'a Node.js stack trace',
      '{"error":"bad","stack":"SyntaxError: x\\n    at JSON.parse (<anonymous>)\\n    at parseBody (/app/src/server.js:40:12)"}',
      'at parseBody (/app/src/server.js:40:12)',
    ],
    [
      'a Node.js stack trace',
      'Error: x\n    at /srv/app/index.mjs:3:9',
      'at /srv/app/index.mjs:3:9',
    ],
    [
      'a Node.js stack trace',
      'at async handler (file:///app/x.mjs:1:2)',
      'at async handler (file:///app/x.mjs:1:2)',
    ],
    [
      'a Python traceback',
      'Traceback (most recent call last):\n  File "/app/main.py", line 12, in create',
      'Traceback (most recent call last):',
    ],
    [
      'a Java stack trace',
      'java.lang.NullPointerException\n\tat com.acme.orders.OrderService.create(OrderService.java:42)',
      'at com.acme.orders.OrderService.create(OrderService.java:42)',
    ],
    [
      'a Java stack trace',
      'Exception in thread "main" java.lang.Error',
      'Exception in thread "main" java.lang.Error',
    ],
    [
      'a .NET stack trace',
      '   at Acme.Orders.Create() in C:\\src\\Orders.cs:line 17',
      'at Acme.Orders.Create() in C:\\src\\Orders.cs:line 17',
    ],
    ['a Ruby backtrace', "app/models/order.rb:12:in `save!'", "app/models/order.rb:12:in `save!'"],
    [
      'a PHP stack trace',
      '#0 /var/www/html/index.php(14): create()',
      '#0 /var/www/html/index.php(14): create()',
    ],
    ['a Go panic trace', 'goroutine 1 [running]:\nmain.main()', 'goroutine 1 [running]:'],
    [
      'an internal path (node_modules)',
      'Cannot find module /srv/app/node_modules/pg/lib/index.js',
      'Cannot find module /srv/app/node_modules/pg/lib/index.js',
    ],
  ])('recognises %s', (kind, text, excerpt) => {
    expect(findStackTrace(text)).toEqual({ kind, excerpt });
  });

  it.each([
    '{"error":"invalid JSON","requestId":"7f3a"}',
    'Meet at 10:30 at the office (room 4)',
    'See https://example.com/docs/errors.html#at-limits',
    '{"path":"/notes/41","createdAt":"2026-11-28T12:00:00.000Z"}',
  ])('does not mistake ordinary text for a trace: %s', (text) => {
    expect(findStackTrace(text)).toBeUndefined();
  });

  it('scans a megabyte of unbroken text without backtracking', () => {
    const body = JSON.stringify({
      note: `first order${'x'.repeat(1024 ** 2)}`,
      at: 'at '.repeat(10_000),
    });
    expect(findStackTrace(body)).toBeUndefined();
  });
});
