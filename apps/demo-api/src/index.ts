export { createDemoApi } from './server';
