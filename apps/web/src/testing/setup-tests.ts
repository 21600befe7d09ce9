import '@testing-library/jest-dom';

// jsdom leaves out the encoding API that every browser has.
if (typeof globalThis.TextEncoder === 'undefined') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { TextEncoder, TextDecoder } = require('node:util') as {
    TextEncoder: typeof globalThis.TextEncoder;
    TextDecoder: typeof globalThis.TextDecoder;
  };
  Object.assign(globalThis, { TextEncoder, TextDecoder });
}
// No ResizeObserver on purpose: without it Recharts keeps ChartFrame's initial size, so charts
// render in jsdom, which lays nothing out.
