/**
 * The folder workflows behind the editor (folder browser, batch jobs, model packs, settings,
 * custom sliders from example folders, recipes),
 * assembled once per process from the same EditorService and engine the editor uses, for the
 * desktop app and `reseed serve` alike.
 */
import type { ReseedEngine } from '../engine/engine';
import type { BatchOutcome } from '../contract/batch-outcome';
import type { BatchEvent } from '../contract/workflow-schemas';
import { AllowedRoots } from './allowed-roots';
import { BatchService } from './batch-service';
import { DirectionService } from './direction-service';
import type { EditorService } from './editor-service';
import { PackManager } from './pack-manager';
import { RecipeService } from './recipe-service';
import { RecipeStore } from './recipe-store';
import { SettingsStore } from './settings-store';

export interface WorkflowOptions {
  readonly service: EditorService;
  readonly engine: ReseedEngine;
  /** Folders the renderer may name (the user's home by default). */
  readonly roots: readonly string[];
  /** The user data folder's packs/ and settings.json. */
  readonly userPacks: string;
  readonly settingsFile?: string;
  /** The user data folder's recipes/ (none: saved recipes are kept in memory). */
  readonly recipes?: string;
  /** A store already opened (to read the provider preference before the engine starts). */
  readonly settings?: SettingsStore;
  readonly emit?: (event: 'batch', payload: BatchEvent) => void;
  /** How each batch ended (the desktop app's notification). */
  readonly onBatchEnd?: (outcome: BatchOutcome) => void;
}

export interface Workflows {
  readonly roots: AllowedRoots;
  readonly batches: BatchService;
  readonly packs: PackManager;
  readonly settings: SettingsStore;
  readonly directions: DirectionService;
  readonly recipes: RecipeService;
}

export function createWorkflows(options: WorkflowOptions): Workflows {
  const roots = new AllowedRoots(options.roots);
  const recipes = new RecipeService({ pack: () => options.service.pack(), store: new RecipeStore(options.recipes), directions: options.service.directions });
  return {
    roots,
    recipes,
    batches: new BatchService({ pack: () => options.service.pack(), roots, emit: options.emit, onEnd: options.onBatchEnd, recipes }),
    packs: new PackManager({ engine: options.engine, roots, userPacks: options.userPacks, use: (dir) => options.service.usePack(dir) }),
    settings: options.settings ?? new SettingsStore(options.settingsFile),
    directions: new DirectionService({
      pack: () => options.service.pack(),
      roots,
      store: options.service.directions,
      progress: (requestId) => options.service.progressReporter(requestId, 'direction'),
    }),
  };
}
