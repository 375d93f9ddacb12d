/**
 * The sandboxed preload. Built by scripts/build-electron.mjs into out/preload/index.cjs as one
 * CommonJS file with only `electron` left external: sandboxed preloads can neither be ES modules
 * nor require anything from node_modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { API_GLOBAL } from '../../contract/channels';
import { createReseedApi } from './bridge';

contextBridge.exposeInMainWorld(API_GLOBAL, createReseedApi(ipcRenderer));
