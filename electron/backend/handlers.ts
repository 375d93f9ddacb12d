/**
 * The operations of the contract over an EditorService: one handler map shared by the desktop
 * app's IPC (electron/desktop/main/handlers.ts adds what needs Electron) and `reseed serve`'s HTTP API.
 * Transport-neutral: handlers get the validated request and the transport's abort signal only.
 */
import type { InvokeName } from '../contract/channels';
import type { AppInfo, ParsedRequestOf } from '../contract/contract';
import { ErrorCode, ReseedError } from '../contract/result';
import type { EditorService } from './editor-service';
import { listFolder } from './folder-browser';
import { openCheckedFolder, type FolderOpener } from './open-folder';
import type { OperationContext, ResponseInputOf } from './run-operation';
import type { Workflows } from './workflows';

/** `context.signal`: the caller went away; every long operation passes it on and stops. */
export type ServiceHandler<K extends InvokeName> = (
  request: ParsedRequestOf<K>,
  context: OperationContext,
) => ResponseInputOf<K> | Promise<ResponseInputOf<K>>;
export type ServiceHandlers = { [K in InvokeName]: ServiceHandler<K> };

export interface ServiceHandlerDeps {
  readonly service: EditorService;
  readonly appInfo: () => AppInfo;
  /** The native open dialog (desktop); none: the renderer uses its own file input. */
  readonly chooseImagePath?: () => Promise<string | null>;
  /** The native folder dialog (desktop); none: the renderer uses listFolder. */
  readonly chooseFolderPath?: () => Promise<string | null>;
  /** Folder browser, batch, packs and settings; none: those operations answer `unsupported`. */
  readonly workflows?: Workflows;
  /** Shows a checked folder in the file manager (shell.openPath, or the platform's opener). */
  readonly openFolder?: FolderOpener;
}

export function createServiceHandlers({ service, appInfo, chooseImagePath, chooseFolderPath, workflows, openFolder }: ServiceHandlerDeps): ServiceHandlers {
  const need = (): Workflows => {
    if (workflows === undefined) throw new ReseedError(ErrorCode.unsupported, 'folder workflows are not available here');
    return workflows;
  };
  return {
    appInfo: () => appInfo(),
    packInfo: () => service.packInfo(),
    packList: () => service.packList(),
    chooseImage: async () => {
      if (chooseImagePath === undefined) {
        throw new ReseedError(ErrorCode.unsupported, 'no native file dialog here: use the file input, drag and drop, or paste');
      }
      const path = await chooseImagePath();
      return path === null ? null : service.openPath(path);
    },
    openImage: (request) => (request.source === 'upload' ? service.openUpload(request.name, request.data) : service.openRecent(request.key)),
    recentImages: () => service.recentImages(),
    embed: (request, { signal }) => service.embed(request, signal),
    generate: (request, { signal }) => service.generate(request, signal),
    decode: (request, { signal }) => service.decode(request, signal),
    exportImage: (request, { signal }) => service.exportImage(request, signal),
    interpolate: (request, { signal }) => service.interpolate(request, signal),
    interpolationFrames: (request, { signal }) => service.interpolationFrames(request, signal),
    exportPhoto: (request, { signal }) => service.exportPhoto(request, signal),
    detectFace: (request) => service.detectFace(request.imageId),
    fitObject: (request) => service.fitObject(request.imageId),
    cancel: (request) => ({
      cancelled:
        service.cancel(request.requestId).cancelled ||
        (workflows?.batches.cancel(request.requestId) ?? false) ||
        (workflows?.directions.cancel(request.requestId) ?? false),
    }),
    listFolder: (request) => listFolder(need().roots, request.path),
    chooseFolder: async () => {
      const w = need();
      if (chooseFolderPath === undefined) {
        throw new ReseedError(ErrorCode.unsupported, 'no native folder dialog here: use the folder browser');
      }
      const path = await chooseFolderPath();
      if (path === null) return null;
      // Picking a folder in the native dialog is the user's permission to use it.
      w.roots.allow(path);
      return { path: await w.roots.check(path) };
    },
    batchRun: (request, { signal }) => need().batches.run(request, signal),
    batchResults: (request) => need().batches.results(request),
    packCatalog: () => need().packs.catalog(),
    packImport: (request) => need().packs.import(request.dir),
    packUse: (request) => need().packs.use(request.dir),
    packRemove: (request) => need().packs.remove(request.dir),
    settingsGet: () => need().settings.get(),
    settingsSet: (request) => need().settings.update(request),
    directionCreate: (request, { signal }) => need().directions.create(request, signal),
    directionDelete: (request) => need().directions.remove(request.id),
    openFolder: (request) => openCheckedFolder(need().roots, request.path, openFolder),
    recipeList: () => need().recipes.list(),
    recipeSave: (request) => need().recipes.save(request),
    recipeRename: (request) => need().recipes.rename(request.id, request.name),
    recipeDelete: (request) => need().recipes.remove(request.id),
    recipeImport: (request) => need().recipes.import(request.text, request.replace),
    recipeExport: (request) => need().recipes.export(request.id),
  };
}
