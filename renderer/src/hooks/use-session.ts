/**
 * Keeps the editor's session across a reload or a restart (state/session.ts): the photo, crop box,
 * method, document and undo history are written to localStorage shortly after every change (and
 * at once when the page goes away), and read back once the pack has loaded.
 *
 * Restoring opens the photo again (by its recent-list key, else from the bytes kept in the
 * browser: photo-store.ts) and asks the engine whether it still holds the seed shown. A reloaded
 * page finds it (same engine: every id still valid); a restarted engine has forgotten every id,
 * so each seed of the history is made again (a generated one from its number, an embedded one
 * from its crop, method, sketch and steps) and every snapshot points at the new one.
 *
 * Where the session cannot be kept (storage refused it, or a photo that could not be opened again
 * after a restart), leaving the page with work open asks first (beforeunload).
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { CropBox, ImageOpened, RecentImages, ReseedApi } from '../../../electron/contract/contract';
import { ErrorCode, type ErrorInfo, type Result } from '../../../electron/contract/result';
import { fileToBase64, newRequestId } from '../files';
import { keepPhoto, keptPhoto } from '../photo-store';
import type { SeedSource } from '../state/editor-doc';
import type { EditorAction, EditorState } from '../state/editor-state';
import { hasWork, parseSession, restoredState, savedSeeds, saveSession, sessionFits, SESSION_KEY, type SavedPhoto, type SavedSession } from '../state/session';

/** How a photo was opened: what the session needs to open it again. */
export type PhotoOrigin = { readonly kind: 'upload'; readonly file: Blob } | { readonly kind: 'recent'; readonly key: string } | { readonly kind: 'native' };

export interface SessionDeps {
  readonly state: EditorState;
  readonly stateRef: RefObject<EditorState>;
  readonly dispatch: (action: EditorAction) => void;
  readonly recent: RecentImages['items'];
  readonly inform: (code: ErrorCode, message: string) => void;
  readonly report: (error: ErrorInfo) => void;
  /** The restored photo and crop box, for whoever must treat the box as the user's (face packs keep it). */
  readonly onRestored: (photo: ImageOpened, crop: CropBox) => void;
  /** Re-reads the recent list (the restored photo's entry names it for the next reload). */
  readonly refreshRecent: () => Promise<void>;
}

const SAVE_DELAY_MS = 300;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The photo opened again: by its recent-list key, else from the bytes kept in the browser. */
async function reopen(api: ReseedApi, saved: SavedPhoto): Promise<{ photo: ImageOpened; stored: boolean } | null> {
  const kept = saved.stored ? await keptPhoto(saved.imageId) : null;
  if (saved.recentKey !== null) {
    const r = await api.openImage({ source: 'recent', key: saved.recentKey });
    // The kept bytes now belong to the photo's new id (for the restart after the next reload).
    if (r.ok) return { photo: r.value, stored: kept === null ? false : await keepPhoto(r.value.imageId, kept.name, kept.blob) };
  }
  if (kept === null) return null;
  const r = await api.openImage({ source: 'upload', name: kept.name, data: await fileToBase64(kept.blob) });
  if (!r.ok) return null;
  return { photo: r.value, stored: await keepPhoto(r.value.imageId, kept.name, kept.blob) };
}

/** A seed made again by the engine (after a restart), or null when it cannot be. */
async function remake(api: ReseedApi, seed: SeedSource, oldImageId: string | null, photo: ImageOpened | null): Promise<SeedSource | null> {
  if (seed.kind === 'generate') {
    const n = seed.generated?.seedNumber;
    if (n === undefined) return null;
    const r = await api.generate({ requestId: newRequestId(), seed: n, steps: seed.steps });
    if (!r.ok) return null;
    return { ...seed, seedId: r.value.seedId, baseImage: r.value.image, beforeImage: r.value.image, seedImage: r.value.seedImage, steps: r.value.steps, generated: r.value };
  }
  const recipe = seed.recipe;
  if (photo === null || recipe === undefined || seed.imageId === undefined || seed.imageId !== oldImageId) return null;
  const sketch = recipe.strokes.length > 0 ? { sketch: [...recipe.strokes] } : {};
  const polarity = recipe.polarity === undefined ? {} : { polarity: recipe.polarity };
  const r = await api.embed({ requestId: newRequestId(), imageId: photo.imageId, crop: recipe.crop, method: recipe.method, steps: seed.steps, ...sketch, ...polarity });
  if (!r.ok) return null;
  const e = r.value;
  return { ...seed, seedId: e.seedId, imageId: photo.imageId, baseImage: e.reconstruction, beforeImage: e.input, seedImage: e.seedImage, steps: e.steps, embed: e };
}

/** The engine still holds this seed (a reload) or not (a restart): one decode tells. */
async function engineHolds(api: ReseedApi, seedId: string): Promise<Result<unknown>> {
  return api.decode({ requestId: newRequestId(), seedId, sliders: {} });
}

export function useSession(api: ReseedApi, { state, stateRef, dispatch, recent, inform, report, onRestored, refreshRecent }: SessionDeps) {
  /** The open photo and how to open it again. */
  const photoMeta = useRef<SavedPhoto | null>(null);
  /** Re-renders when photoMeta changes (whether leaving the page is safe depends on it). */
  const [, setMetaVersion] = useState(0);
  const setMeta = useCallback((meta: SavedPhoto | null) => {
    photoMeta.current = meta;
    setMetaVersion((v) => v + 1);
  }, []);
  /** Saving waits until the saved session was read back (or there was none). */
  const [ready, setReady] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const [saveFailed, setSaveFailed] = useState(false);
  const attempted = useRef(false);
  const onRestoredRef = useRef(onRestored);
  onRestoredRef.current = onRestored;

  /** Writes the session now; false when storage refused even a session without undo history. */
  const write = useCallback((): boolean => {
    const store = storage();
    if (store === null) return false;
    const current = stateRef.current;
    let keep = Number.POSITIVE_INFINITY;
    for (;;) {
      const session = saveSession(current, photoMeta.current, keep);
      try {
        if (session === null) store.removeItem(SESSION_KEY);
        else store.setItem(SESSION_KEY, JSON.stringify(session));
        return true;
      } catch {
        // Over the quota: keep fewer undo steps, the oldest first; none at last.
        const past = session?.history.past.length ?? 0;
        if (past === 0) return false;
        keep = Math.floor(past / 2);
      }
    }
  }, [stateRef]);

  // Saved shortly after every change that a session keeps.
  useEffect(() => {
    if (!ready) return;
    const timer = setTimeout(() => setSaveFailed(!write()), SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [ready, write, state.pack, state.photo, state.crop, state.method, state.polarity, state.history, state.live]);

  // And at once when the page goes away (a reload within the delay keeps the last change).
  useEffect(() => {
    if (!ready) return;
    const flush = () => void write();
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  }, [ready, write]);

  /** Called when a photo was opened: how it can be opened again. */
  const photoOpened = useCallback((photo: ImageOpened, origin: PhotoOrigin) => {
    setMeta({ imageId: photo.imageId, name: photo.name, recentKey: origin.kind === 'recent' ? origin.key : null, recentKind: null, stored: false });
    if (origin.kind === 'upload') {
      void keepPhoto(photo.imageId, photo.name, origin.file).then((stored) => {
        if (photoMeta.current?.imageId === photo.imageId) setMeta({ ...photoMeta.current, stored });
      });
    }
  }, [setMeta]);

  // The recent list names the open photo's entry (its key reopens it after a reload).
  useEffect(() => {
    const meta = photoMeta.current;
    if (meta === null || state.photo?.imageId !== meta.imageId) return;
    const entry = recent.find((r) => r.name === meta.name);
    if (entry !== undefined && (entry.key !== meta.recentKey || entry.kind !== meta.recentKind)) setMeta({ ...meta, recentKey: entry.key, recentKind: entry.kind });
  }, [recent, state.photo, setMeta]);

  // Read back once, when the pack has loaded.
  const pack = state.pack;
  useEffect(() => {
    if (pack === null || attempted.current) return;
    attempted.current = true;
    const store = storage();
    let saved: SavedSession | null = null;
    try {
      saved = parseSession(store?.getItem(SESSION_KEY) ?? null);
    } catch {
      saved = null;
    }
    if (saved === null || !sessionFits(saved, pack)) {
      setReady(true);
      return;
    }
    const session = saved;
    const generation = stateRef.current.packGeneration;
    setRestoring(true);
    void (async () => {
      try {
        const opened = session.photo === null ? null : await reopen(api, session.photo);
        const seeds = savedSeeds(session);
        const now = new Map<string, SeedSource | null>();
        let remade = 0;
        const first = seeds[0];
        if (first !== undefined) {
          const held = await engineHolds(api, first.seedId);
          if (!held.ok && held.error.code === ErrorCode.notFound) {
            // The engine restarted: every seed is made again, the one shown first.
            for (const seed of seeds) {
              const again = await remake(api, seed, session.photo?.imageId ?? null, opened?.photo ?? null);
              now.set(seed.seedId, again);
              if (again !== null) remade++;
            }
          } else if (!held.ok && held.error.code !== ErrorCode.cancelled) {
            report(held.error);
          }
        }
        const current = stateRef.current;
        // The user started something meanwhile, or switched packs: their state wins.
        if (current.packGeneration !== generation || current.photo !== null || current.live.seed !== null || current.history.past.length > 0) return;
        const restored = restoredState(session, current.pack?.directions ?? pack.directions, opened?.photo ?? null, now);
        if (opened !== null) setMeta({ ...session.photo!, imageId: opened.photo.imageId, recentKey: null, recentKind: null, stored: opened.stored });
        dispatch({ type: 'session-restored', restored, generation });
        if (opened !== null) {
          if (restored.crop !== null) onRestoredRef.current(opened.photo, restored.crop);
          void refreshRecent();
        }
        const steps = restored.history.past.length;
        const parts = [`Last session restored${opened ? `: ${opened.photo.name}` : ''}${steps > 0 ? `, ${steps} undo step${steps === 1 ? '' : 's'}` : ''}.`];
        if (session.photo !== null && opened === null) parts.push(`${session.photo.name} could not be opened again: open it again to embed it.`);
        if (remade > 0) parts.push(`The engine had restarted: ${remade} seed${remade === 1 ? ' was' : 's were'} made again.`);
        if (restored.dropped > 0) parts.push(`${restored.dropped} undo step${restored.dropped === 1 ? '' : 's'} could not be made again and ${restored.dropped === 1 ? 'was' : 'were'} dropped.`);
        inform(ErrorCode.sessionRestored, parts.join(' '));
      } finally {
        setRestoring(false);
        setReady(true);
      }
    })();
  }, [api, pack, stateRef, dispatch, inform, report, setMeta, refreshRecent]);

  // The fallback: ask before leaving when the session could not be kept.
  const photoMetaNow = photoMeta.current;
  const photoSafe = state.photo === null || (photoMetaNow !== null && (photoMetaNow.stored || photoMetaNow.recentKind === 'file'));
  const unsafe = hasWork(state) && (saveFailed || !photoSafe);
  useEffect(() => {
    if (!unsafe) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the dialog only with returnValue set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsafe]);

  return { photoOpened, restoring, unsafe };
}
