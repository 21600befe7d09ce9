export { freePort, listenLocally, type LocalServer } from './local-server';
export { manualClock } from './manual-clock';
