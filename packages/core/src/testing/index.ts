export { closedPort, listenLocally, type LocalServer } from './local-server';
