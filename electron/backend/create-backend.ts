/**
 * The one place the editor's backend is assembled: user data → settings → engine → EditorService →
 * folder workflows → the handler map of the contract. The desktop shell and `reseed serve` both call
 * createBackend and differ only in what they pass (dialogs, how events reach the renderer, how
 * folders are shown); the CLI's one-shot commands call createEngine alone.
 */
import path from 'node:path';
import type { EventName } from '../contract/channels';
import type { AppInfo } from '../contract/contract';
import type { BatchOutcome } from '../contract/batch-outcome';
import { ReseedEngine } from '../engine/engine';
import type { ProviderRequest } from '../engine/runtime/providers';
import { collectAppInfo } from './app-info';
import { DirectionStore } from './direction-store';
import { EditorService } from './editor-service';
import { createServiceHandlers, type ServiceHandlers } from './handlers';
import type { FolderOpener } from './open-folder';
import { SettingsStore } from './settings-store';
import type { UserDataPaths } from './user-data';
import { createWorkflows, type Workflows } from './workflows';

export interface EngineOptions {
  /** The app's own packs (models/). */
  readonly models: string;
  readonly userData: Pick<UserDataPaths, 'root' | 'packs'>;
  /** Intra-op threads per session (default: onnxruntime's choice). */
  readonly threads?: number;
}

/** Packs from the app's models/ first, then the user's; provider choices kept in the user data folder. */
export function createEngine({ models, userData, threads }: EngineOptions): ReseedEngine {
  return new ReseedEngine({
    packRoots: [
      { dir: models, source: 'app' },
      { dir: userData.packs, source: 'user' },
    ],
    providerChoiceFile: path.join(userData.root, 'provider-choice.json'),
    threads,
  });
}

export interface BackendOptions extends EngineOptions {
  readonly userData: UserDataPaths;
  /** Name, version and whether packaged, for the About box. */
  readonly identity: { readonly name: string; readonly version: string; readonly isPackaged: boolean };
  /** A pack id or folder to open first; none: the default pack. */
  readonly pack?: string;
  /** An explicit provider wins; 'auto' or none: the preference saved in the settings. */
  readonly provider?: ProviderRequest;
  /** Folders the renderer may name. */
  readonly roots: readonly string[];
  /** Pushes an event to the renderer (IPC send, or Server-Sent Events). */
  readonly emit: (event: EventName, payload: unknown) => void;
  /** Keep the recent-files list on disk (desktop) rather than in memory (serve). */
  readonly persistRecent?: boolean;
  readonly onBatchEnd?: (outcome: BatchOutcome) => void;
  readonly chooseImagePath?: () => Promise<string | null>;
  readonly chooseFolderPath?: () => Promise<string | null>;
  readonly openFolder?: FolderOpener;
}

export interface Backend {
  readonly engine: ReseedEngine;
  readonly settings: SettingsStore;
  readonly service: EditorService;
  readonly workflows: Workflows;
  readonly handlers: ServiceHandlers;
  readonly appInfo: () => AppInfo;
  /** Stops batches and slider jobs, then releases the pack's sessions. */
  dispose(): Promise<void>;
}

export async function createBackend(options: BackendOptions): Promise<Backend> {
  const { userData } = options;
  const settings = new SettingsStore(userData.settings);
  const provider = options.provider === undefined || options.provider === 'auto' ? (await settings.get()).provider : options.provider;
  const engine = createEngine(options);
  const service = new EditorService({
    engine,
    pack: options.pack,
    provider,
    recentFile: options.persistRecent ? path.join(userData.root, 'recent-files.json') : undefined,
    directions: new DirectionStore(userData.directions),
    emit: options.emit,
  });
  const workflows = createWorkflows({
    service,
    engine,
    roots: options.roots,
    userPacks: userData.packs,
    recipes: userData.recipes,
    settings,
    emit: options.emit,
    onBatchEnd: options.onBatchEnd,
  });
  const appInfo = (): AppInfo => collectAppInfo({ ...options.identity, userData: userData.root, models: options.models });
  const handlers = createServiceHandlers({
    service,
    workflows,
    appInfo,
    chooseImagePath: options.chooseImagePath,
    chooseFolderPath: options.chooseFolderPath,
    openFolder: options.openFolder,
  });
  return {
    engine,
    settings,
    service,
    workflows,
    handlers,
    appInfo,
    async dispose() {
      workflows.batches.abortAll();
      workflows.directions.abortAll();
      await service.dispose();
    },
  };
}
