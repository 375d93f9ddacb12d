/** The `reseed` commands, in the order `reseed --help` lists them. */
import type { Command } from '../command';
import { batchCommand } from './batch';
import { benchCommand } from './bench';
import { editCommand } from './edit';
import { embedCommand } from './embed';
import { generateCommand } from './generate';
import { infoCommand } from './info';
import { interpolateCommand } from './interpolate';
import { serveCommand } from './serve';
import { trainCommand } from './train';

export const COMMANDS: readonly Command[] = [
  infoCommand,
  embedCommand,
  batchCommand,
  editCommand,
  generateCommand,
  interpolateCommand,
  benchCommand,
  serveCommand,
  trainCommand,
];
