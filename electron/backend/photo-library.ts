/**
 * The photos open in the editor: the bytes of the last few (for re-embedding with another crop,
 * pasting back, finding a face) and the recently opened list. The renderer only holds image ids.
 */
import { Buffer } from 'node:buffer';
import { basename } from 'node:path';
import { readRegularFile } from '../engine/image/file-guard';
import type { OpenPack } from '../engine/open-pack';
import { MAX_IMAGE_FILE_BYTES, type ImageOpened, type RecentImages } from '../contract/editor-schemas';
import { ErrorCode, ReseedError } from '../contract/result';
import { withCodes } from './engine-errors';
import { LruStore } from './lru-store';
import { defaultCrop, describePhoto } from './pictures';
import { RecentList } from './recent-list';

export interface StoredImage {
  readonly name: string;
  readonly bytes: Buffer;
}

export class PhotoLibrary {
  // Photos can be large, so few are held and their bytes are capped too.
  private readonly images = new LruStore<StoredImage>(8, (i) => i.bytes.length, 400 * 1024 * 1024);
  private readonly recent: RecentList;

  constructor(
    /** The active pack (EditorService.pack): its image size and background shape the preview. */
    private readonly pack: () => Promise<OpenPack>,
    /** Where recently opened files persist (desktop app); none: in memory. */
    recentFile?: string,
  ) {
    this.recent = new RecentList(recentFile);
  }

  /** An open photo; undefined once closed by newer ones. */
  get(imageId: string): StoredImage | undefined {
    return this.images.get(imageId);
  }

  /** A picture the renderer read itself (file input, drop, paste). */
  async openUpload(name: string, base64: string): Promise<ImageOpened> {
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.length === 0) throw new ReseedError(ErrorCode.input, `${name}: the file is empty`);
    if (bytes.length > MAX_IMAGE_FILE_BYTES) throw new ReseedError(ErrorCode.input, `${name}: larger than ${MAX_IMAGE_FILE_BYTES / 1024 / 1024} MB`);
    const opened = await this.register(name, bytes);
    await this.recent.addUpload(opened.imageId, name, bytes);
    return opened;
  }

  /** A file by path. Only for paths the engine side chose (native dialog, recent list). */
  async openPath(path: string): Promise<ImageOpened> {
    const name = basename(path);
    const bytes = await withCodes(() => readRegularFile(path, name, MAX_IMAGE_FILE_BYTES));
    const opened = await this.register(name, bytes);
    await this.recent.addFile(path, name);
    return opened;
  }

  async openRecent(key: string): Promise<ImageOpened> {
    const entry = this.recent.find(key);
    if (entry === undefined) throw new ReseedError(ErrorCode.notFound, 'that recent picture is no longer in the list');
    if (entry.kind === 'file' && entry.path !== undefined) return this.openPath(entry.path);
    const image = entry.imageId === undefined ? undefined : this.images.get(entry.imageId);
    if (image === undefined) {
      await this.recent.remove(key);
      throw new ReseedError(ErrorCode.notFound, `${entry.name} is no longer held by the engine: open the file again`);
    }
    const opened = await this.register(image.name, image.bytes);
    await this.recent.addUpload(opened.imageId, image.name, image.bytes);
    await this.recent.remove(key);
    return opened;
  }

  recentImages(): RecentImages {
    // Uploads have no path to reopen from: once their bytes are evicted they leave the list.
    this.recent.prune((id) => this.images.has(id));
    return { items: this.recent.list().map((e) => ({ key: e.key, name: e.name, kind: e.kind, openedAt: e.openedAt })) };
  }

  clear(): void {
    this.images.clear();
  }

  private async register(name: string, bytes: Buffer): Promise<ImageOpened> {
    const open = await this.pack();
    const { width: W, height: H } = open.pack.manifest.image;
    const photo = await withCodes(() => describePhoto(bytes, name, open.pack.manifest.preprocess.background));
    const imageId = this.images.add({ name, bytes });
    const aspect = W / H;
    return { imageId, name, width: photo.width, height: photo.height, preview: photo.preview, aspect, defaultCrop: defaultCrop(photo.width, photo.height, aspect) };
  }
}
