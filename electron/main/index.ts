/** Electron main entry (out/main/index.js); everything testable lives in app.ts and its modules. */
import { fileURLToPath } from 'node:url';
import { startApp } from './app';

startApp(fileURLToPath(new URL('.', import.meta.url)));
