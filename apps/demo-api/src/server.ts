import { createServer, type Server } from 'node:http';

/** The demo API. Its deliberate defects are built by the probe-engine work (issue 3). */
export function createDemoApi(): Server {
  return createServer((request, response) => {
    if (request.url === '/health') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'ok' }));
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: 'not found' }));
  });
}
