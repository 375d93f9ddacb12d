/**
 * The open photo's bytes, kept in the browser (IndexedDB) so a session can open it again after
 * `reseed serve` restarted: the engine keeps uploaded pictures in memory only. One photo is kept
 * (the last one opened from a file, drop or paste), under the image id it had. Every failure
 * (storage disabled, private window, quota) only means the photo cannot come back by itself.
 */

const DB = 'reseed';
const STORE = 'photos';
const KEY = 'current';

interface Kept {
  readonly imageId: string;
  readonly name: string;
  readonly blob: Blob;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** Keeps `blob` as the photo `imageId`; resolves false when it could not be kept. */
export async function keepPhoto(imageId: string, name: string, blob: Blob): Promise<boolean> {
  try {
    if (typeof indexedDB === 'undefined') return false;
    await run('readwrite', (store) => store.put({ imageId, name, blob } satisfies Kept, KEY));
    return true;
  } catch {
    return false;
  }
}

/** The kept photo if it is `imageId`, else null. */
export async function keptPhoto(imageId: string): Promise<Kept | null> {
  try {
    if (typeof indexedDB === 'undefined') return null;
    const kept = (await run('readonly', (store) => store.get(KEY))) as Kept | undefined;
    return kept !== undefined && kept.imageId === imageId && kept.blob instanceof Blob ? kept : null;
  } catch {
    return null;
  }
}
