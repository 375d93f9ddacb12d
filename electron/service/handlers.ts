/**
 * The operations of the contract over an EditorService: one handler map shared by the desktop
 * app's IPC (electron/main/handlers.ts adds what needs Electron) and `reseed serve`'s HTTP API.
 * Transport-neutral: handlers get the validated request only.
 */
import type { InvokeName } from '../shared/channels';
import type { AppInfo, ParsedRequestOf } from '../shared/contract';
import { ReseedError } from '../shared/result';
import type { EditorService } from './editor-service';
import { EngineErrorCode } from './engine-errors';
import type { ResponseInputOf } from './run-operation';

export type ServiceHandler<K extends InvokeName> = (request: ParsedRequestOf<K>) => ResponseInputOf<K> | Promise<ResponseInputOf<K>>;
export type ServiceHandlers = { [K in InvokeName]: ServiceHandler<K> };

export interface ServiceHandlerDeps {
  readonly service: EditorService;
  readonly appInfo: () => AppInfo;
  /** The native open dialog (desktop); none: the renderer uses its own file input. */
  readonly chooseImagePath?: () => Promise<string | null>;
}

export function createServiceHandlers({ service, appInfo, chooseImagePath }: ServiceHandlerDeps): ServiceHandlers {
  return {
    appInfo: () => appInfo(),
    packInfo: () => service.packInfo(),
    packList: () => service.packList(),
    chooseImage: async () => {
      if (chooseImagePath === undefined) {
        throw new ReseedError(EngineErrorCode.unsupported, 'no native file dialog here: use the file input, drag and drop, or paste');
      }
      const path = await chooseImagePath();
      return path === null ? null : service.openPath(path);
    },
    openImage: (request) => (request.source === 'upload' ? service.openUpload(request.name, request.data) : service.openRecent(request.key)),
    recentImages: () => service.recentImages(),
    embed: (request) => service.embed(request),
    generate: (request) => service.generate(request),
    decode: (request) => service.decode(request),
    exportImage: (request) => service.exportImage(request),
    cancel: (request) => service.cancel(request.requestId),
  };
}
