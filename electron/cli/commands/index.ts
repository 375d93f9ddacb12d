/**
 * The `reseed` commands, in the order `reseed --help` lists them. `serve` (the editor over HTTP)
 * is added by the editor's module: import its Command and list it here.
 */
import type { Command } from '../command';
import { batchCommand } from './batch';
import { benchCommand } from './bench';
import { editCommand } from './edit';
import { embedCommand } from './embed';
import { generateCommand } from './generate';
import { infoCommand } from './info';
import { interpolateCommand } from './interpolate';

export const COMMANDS: readonly Command[] = [
  infoCommand,
  embedCommand,
  batchCommand,
  editCommand,
  generateCommand,
  interpolateCommand,
  benchCommand,
  // serveCommand — comes with the editor (electron/serve).
];
