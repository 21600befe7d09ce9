export { freePort, listenLocally, type LocalServer } from './local-server';
