/**
 * The editor window: toolbar; the photo with its crop box next to the edited image and what the
 * embed produced; the sliders; the status bar. Works the same over IPC (desktop) and HTTP
 * (`reseed serve`); only opening a file differs (native dialog vs the browser's file input).
 * The window is one screen high: header, toolbar and status bar stay, the panes scroll on their
 * own; narrow windows stack the panes (app.css).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CropBox, ReseedApi } from '../../electron/contract/contract';
import type { Transport } from './api';
import { AboutDialog } from './components/about-dialog';
import { BatchPanel } from './components/batch-panel';
import { EmbedPanel } from './components/embed-panel';
import { InterpolatePanel } from './components/interpolate-panel';
import { PacksPanel } from './components/packs-panel';
import { SettingsPanel } from './components/settings-panel';
import { NoticeBanner } from './components/notice-banner';
import { ShortcutSheet } from './components/shortcut-sheet';
import { PhotoCanvas, type Brush } from './components/photo-canvas';
import { RecipeDialog } from './components/recipe-dialog';
import { SketchTools } from './components/sketch-tools';
import { ResultView } from './components/result-view';
import { SliderPanel } from './components/slider-panel';
import { StatusBar } from './components/status-bar';
import { Toolbar } from './components/toolbar';
import { EXPORT_SCALE, useEditor } from './hooks/use-editor';
import { useFaceCrop } from './hooks/use-face-crop';
import { useFitObject } from './hooks/use-fit-object';
import { borderColour } from './photo-border';
import { DEFAULT_KEEP_DETAILS, faithfulSummary, type KeepDetails } from './state/faithful';
import { useFileIntake } from './hooks/use-file-intake';
import { useSettings } from './hooks/use-settings';
import { useShortcuts } from './hooks/use-shortcuts';
import { rememberSeed, type KnownSeed } from './state/interpolation';
import { draftFromEditor, type BatchPreset, type BatchViewMemory } from './state/recipe-draft';
import { ErrorCode } from '../../electron/contract/result';

type View = 'editor' | 'interpolate' | 'batch' | 'packs' | 'settings';
const VIEWS: readonly { id: View; label: string }[] = [
  { id: 'editor', label: 'Editor' },
  { id: 'interpolate', label: 'Interpolate' },
  { id: 'batch', label: 'Batch' },
  { id: 'packs', label: 'Packs' },
  { id: 'settings', label: 'Settings' },
];

export function EditorApp({ api, transport }: { api: ReseedApi; transport: Transport }) {
  const { settings, update: updateSettings } = useSettings(api);
  // Keep details: Settings remember it; while its strength is dragged the draft leads.
  const [keepDraft, setKeepDraft] = useState<KeepDetails | null>(null);
  const keep = keepDraft ?? settings?.keepDetails ?? DEFAULT_KEEP_DETAILS;
  const commitKeep = useCallback((k?: KeepDetails) => {
    const next = k ?? keepDraft;
    if (next) void updateSettings({ keepDetails: { on: next.on, strength: next.strength } });
  }, [keepDraft, updateSettings]);
  // A restored crop box is the user's: a face pack does not move it (set once `face` exists).
  const restoredCrop = useRef<(crop: CropBox) => void>(() => {});
  const editor = useEditor(api, transport === 'ipc', settings?.steps ?? null, { onRestored: (_photo, crop) => restoredCrop.current(crop), keepDetails: keep });
  const face = useFaceCrop(api, editor);
  restoredCrop.current = face.userCrop;
  const fitted = useFitObject(api, { pack: editor.pack, photo: editor.photo, setCrop: face.userCrop, report: editor.report });
  // The colour a crop box past the photo's edges shows: the border the engine told the object
  // from, or the preview's own border until it has said.
  const [border, setBorder] = useState<{ url: string; colour: string } | null>(null);
  const preview = editor.photo?.preview ?? null;
  useEffect(() => {
    if (preview === null) return;
    let live = true;
    void borderColour(preview).then((colour) => live && setBorder({ url: preview, colour }), () => undefined);
    return () => {
      live = false;
    };
  }, [preview]);
  const padding = fitted.note?.background ?? (border !== null && border.url === preview ? border.colour : undefined);
  const [largeResult, setLargeResult] = useState(false);
  const [help, setHelp] = useState(false);
  const helpButton = useRef<HTMLButtonElement>(null);
  const closeHelp = useCallback(() => {
    setHelp(false);
    helpButton.current?.focus();
  }, []);
  const fileInput = useRef<HTMLInputElement>(null);
  const [comparing, setComparing] = useState(false);
  const [view, setView] = useState<View>('editor');
  const [brush, setBrush] = useState<Brush>({ tool: 'crop', color: '#000000', size: 12 });
  const changeBrush = useCallback((change: Partial<Brush>) => setBrush((b) => ({ ...b, ...change })), []);
  const [about, setAbout] = useState(false);
  const aboutButton = useRef<HTMLButtonElement>(null);
  const closeAbout = useCallback(() => setAbout(false), []);
  // Focus goes back to the About button once the box has left the page: the box says it is
  // closing while it is still modal, when the rest of the page is inert and focus() does nothing.
  const aboutShown = useRef(false);
  useEffect(() => {
    if (about) aboutShown.current = true;
    else if (aboutShown.current) {
      aboutShown.current = false;
      aboutButton.current?.focus();
    }
  }, [about]);
  const { chooseNative, openFile, report } = editor;
  const native = transport === 'ipc';
  const lastBatch = useMemo(
    () => ({ input: settings?.lastFolders.batchInput ?? '', out: settings?.lastFolders.batchOutput ?? '' }),
    [settings?.lastFolders.batchInput, settings?.lastFolders.batchOutput],
  );
  const rememberBatch = useCallback(
    (f: { input: string; out: string }) => void updateSettings({ lastFolders: { batchInput: f.input, batchOutput: f.out } }),
    [updateSettings],
  );

  const open = useCallback(async () => {
    if (!(await chooseNative())) fileInput.current?.click();
  }, [chooseNative]);

  const dragging = useFileIntake(
    (file) => void openFile(file),
    (message) => report({ code: ErrorCode.input, message }),
  );

  const seed = editor.doc.seed;
  // The current and previous seeds, for the interpolation panel's ends.
  const [seen, setSeen] = useState<readonly KnownSeed[]>([]);
  const seedId = seed?.seedId ?? null;
  const seedLabel = seed?.label ?? '';
  useEffect(() => {
    if (seedId !== null) setSeen((s) => rememberSeed(s, { seedId, label: seedLabel }));
  }, [seedId, seedLabel]);
  // Seeds do not cross packs: after a switch the interpolation ends start over.
  const packDir = editor.pack?.dir ?? null;
  const packVersion = editor.pack?.version ?? null;
  const lastPack = useRef<string | null>(null);
  useEffect(() => {
    const current = packDir === null ? null : `${packDir}@${packVersion}`;
    if (lastPack.current !== null && current !== null && current !== lastPack.current) setSeen([]);
    if (current !== null) lastPack.current = current;
  }, [packDir, packVersion]);
  const canEmbed = editor.pack !== null && editor.photo !== null && editor.crop !== null;
  useShortcuts({
    open: () => void open(),
    embed: () => canEmbed && void editor.embed(),
    export: () => void editor.exportPng(1),
    'export-upscaled': () => void editor.exportPng(EXPORT_SCALE),
    undo: editor.undo,
    redo: editor.redo,
    compare: setComparing,
    about: () => setAbout(true),
    help: () => setHelp(true),
  });

  const pack = editor.pack;
  // Recipes (#19): the sliders as a recipe, the recipe dialog, and "Apply to folder…" (the Batch
  // view preset to a saved recipe, or to whichever matches the sliders).
  const [recipesOpen, setRecipesOpen] = useState(false);
  const [batchPreset, setBatchPreset] = useState<BatchPreset | null>(null);
  // The Batch view's choices while another view is shown (one object for the editor's lifetime).
  const batchMemory = useMemo<BatchViewMemory>(() => ({}), []);
  const recipeButton = useRef<HTMLButtonElement>(null);
  const closeRecipes = useCallback(() => setRecipesOpen(false), []);
  // As for the About box: focus back on the button once the box has left the page (a hidden
  // button, after Apply to folder…, simply takes none).
  const recipesShown = useRef(false);
  useEffect(() => {
    if (recipesOpen) recipesShown.current = true;
    else if (recipesShown.current) {
      recipesShown.current = false;
      recipeButton.current?.focus();
    }
  }, [recipesOpen]);
  const { sliders: docSliders, locks: docLocks } = editor.doc;
  const seedSteps = seed?.steps ?? null;
  const draft = useMemo(
    () => (seedId === null ? null : draftFromEditor({ sliders: docSliders, locks: docLocks, keepDetails: keep, steps: seedSteps ?? settings?.steps ?? null, method: editor.method })),
    [seedId, docSliders, docLocks, keep, seedSteps, settings?.steps, editor.method],
  );
  const directionLabels = useMemo(() => Object.fromEntries((pack?.directions ?? []).map((d) => [d.id, d.label])), [pack?.directions]);
  const applyToFolder = useCallback((preset: BatchPreset) => {
    setBatchPreset(preset);
    setRecipesOpen(false);
    setView('batch');
  }, []);
  return (
    <div className={`editor${dragging ? ' dragging' : ''}`}>
      <header className="title">
        <h1>Reseed</h1>
        <span className="muted tagline">Find the seed behind a picture, move it, regrow the picture.</span>
        <nav className="views" aria-label="Views">
          {VIEWS.map((v) => (
            <button
              key={v.id}
              type="button"
              aria-label={`${v.label} view`}
              aria-pressed={view === v.id}
              onClick={() => {
                // The Batch view opened by hand shows its last choices; Apply to folder… presets it.
                if (v.id !== view) setBatchPreset(null);
                setView(v.id);
              }}
            >
              {v.label}
            </button>
          ))}
        </nav>
        <button type="button" ref={helpButton} aria-label="Keyboard shortcuts (?)" aria-haspopup="dialog" title="?" onClick={() => setHelp(true)}>
          Shortcuts
        </button>
        <button type="button" ref={aboutButton} className="about-button" aria-label="About Reseed (F1)" aria-haspopup="dialog" title="F1" onClick={() => setAbout(true)}>
          About
        </button>
      </header>
      {about ? <AboutDialog api={api} pack={editor.pack} transport={transport} onClose={closeAbout} /> : null}
      {help ? <ShortcutSheet onClose={closeHelp} /> : null}
      {recipesOpen ? (
        <RecipeDialog
          api={api}
          draft={draft}
          directions={pack?.directions ?? []}
          packName={pack?.name ?? 'the active pack'}
          apply={(id) => applyToFolder({ kind: 'saved', id })}
          onClose={closeRecipes}
        />
      ) : null}
      {view === 'interpolate' ? <InterpolatePanel api={api} seen={seen} width={editor.pack?.image.width ?? 28} height={editor.pack?.image.height ?? 28} /> : null}
      {view === 'batch' ? (
        <BatchPanel
          api={api}
          native={native}
          initial={lastBatch}
          onFolders={rememberBatch}
          steps={settings?.steps ?? null}
          draft={draft}
          labels={directionLabels}
          preset={batchPreset}
          defaultSteps={pack?.defaultSteps ?? null}
          memory={batchMemory}
        />
      ) : null}
      {view === 'packs' ? (
        <PacksPanel
          api={api}
          native={native}
          lastFolder={settings?.lastFolders.packImport ?? ''}
          onFolder={(packImport) => void updateSettings({ lastFolders: { packImport } })}
          onSwitched={editor.switchedPack}
        />
      ) : null}
      {view === 'settings' ? <SettingsPanel settings={settings} packSteps={editor.pack?.defaultSteps ?? null} onChange={(patch) => void updateSettings(patch)} /> : null}
      <div className="editor-view" hidden={view !== 'editor'}>
        <Toolbar
          pack={pack}
          file={{ input: fileInput, open: () => void open(), openFile: (file) => void openFile(file), recent: editor.recent, openRecent: (key) => void editor.openRecent(key), opening: editor.opening }}
          embed={{
            method: editor.method,
            setMethod: editor.setMethod,
            polarity: editor.polarity,
            setPolarity: editor.setPolarity,
            canRun: canEmbed,
            run: () => void editor.embed(),
            progress: editor.embedding,
            cancel: editor.cancelEmbed,
          }}
          seeds={{ generate: (n) => void editor.generate(n), generating: editor.generating }}
          history={{ canUndo: editor.canUndo, canRedo: editor.canRedo, undo: editor.undo, redo: editor.redo }}
          export={{ scale: EXPORT_SCALE, canExport: seed !== null, png: (scale) => void editor.exportPng(scale), canExportPhoto: seed?.kind === 'embed', photo: (format) => void editor.exportPhoto(format) }}
          recipes={{ saveButton: recipeButton, save: () => setRecipesOpen(true), apply: () => applyToFolder({ kind: 'match' }) }}
        />
        {editor.packError ? <NoticeBanner error={editor.packError} action={{ label: 'Retry', run: () => void editor.retryPack() }} /> : null}
        {editor.notice ? <NoticeBanner key={editor.notice.id} error={editor.notice.error} tone={editor.notice.tone} onDismiss={editor.dismiss} /> : null}
        <main className={`workspace${largeResult ? ' result-large' : ''}`}>
          <section className="photo-pane" aria-label="Photo">
            <h2>Photo {editor.photo ? <span className="muted">{editor.photo.name} · {editor.photo.width}×{editor.photo.height}</span> : null}</h2>
            <PhotoCanvas
              photo={editor.photo}
              crop={editor.crop}
              onCrop={face.userCrop}
              sketch={{ ...brush, strokes: editor.sketch, onStroke: editor.drawStroke, onErase: editor.erase, mask: editor.maskStrokes, onMask: editor.drawMask }}
              padding={padding}
            />
            <SketchTools
              brush={brush}
              onBrush={changeBrush}
              strokes={{ count: editor.sketch.length, clear: editor.clearStrokes }}
              reembed={{ canRun: canEmbed && editor.embedding === null, run: () => void editor.embed() }}
              mask={{ count: editor.maskStrokes.length, clear: editor.clearMask }}
            />
            <p className="muted crop-facts">
              {editor.crop
                ? `Crop ${editor.crop.width}×${editor.crop.height} at ${editor.crop.left}, ${editor.crop.top}`
                : 'Open a picture (Ctrl+O), or drop or paste one here.'}
              {editor.photo && editor.crop ? (
                <button type="button" className="link" onClick={() => face.userCrop(editor.photo!.defaultCrop)} aria-label="Reset the crop box">
                  Reset crop
                </button>
              ) : null}
              {editor.photo ? (
                <button
                  type="button"
                  className="link"
                  onClick={() => void fitted.fit()}
                  disabled={fitted.fitting}
                  aria-busy={fitted.fitting}
                  aria-label="Fit the crop box around the whole object"
                  title="The box around the whole object, past the photo's edges where it needs to be (padded with the background)"
                >
                  Fit whole object
                </button>
              ) : null}
              {editor.photo && face.faceMode ? (
                <button type="button" className="link" onClick={face.findFace} disabled={face.finding} aria-busy={face.finding} aria-label="Find the face and place the crop box on it">
                  Find face
                </button>
              ) : null}
            </p>
            {fitted.note ? (
              <p className="muted crop-note" role="status" data-testid="crop-note">
                {fitted.note.message}
              </p>
            ) : null}
          </section>
          <section className="result-pane" aria-label="Result">
            <h2>
              Result {seed ? <span className="muted">{seed.label}</span> : null}
              <button
                type="button"
                className="link result-size"
                aria-pressed={largeResult}
                aria-label={largeResult ? 'Show the result at its usual size' : 'Show the result larger'}
                onClick={() => setLargeResult((l) => !l)}
              >
                {largeResult ? 'Smaller' : 'Larger'}
              </button>
            </h2>
            <ResultView
              width={pack?.image.width ?? 28}
              height={pack?.image.height ?? 28}
              after={editor.image.shown}
              before={editor.beforeImage}
              comparing={comparing}
              busy={editor.image.decoding}
              onDrawn={editor.image.onDrawn}
              large={largeResult}
            />
            <EmbedPanel seed={seed} />
          </section>
          <aside className="side-pane">
            <SliderPanel
              directions={pack?.directions ?? []}
              sliders={editor.doc.sliders}
              disabled={seed === null}
              edit={{ slide: editor.slide, commit: editor.commitSliders, reset: editor.resetOne, resetAll: editor.resetEvery }}
              custom={{ api, native, onCreated: () => void editor.refreshDirections(), remove: (id) => void editor.deleteDirection(id) }}
              previews={editor.previews}
              faithful={{
                keep,
                setKeep: setKeepDraft,
                commitKeep,
                keepApplies: seed?.kind === 'embed',
                locks: editor.doc.locks,
                toggleLock: editor.toggleLock,
                statuses: editor.image.facts?.locks ?? [],
              }}
            />
          </aside>
        </main>
      </div>
      <StatusBar
        pack={pack}
        transport={transport}
        embedMs={editor.embedMs}
        decodeMs={editor.image.decodeMs}
        sliderMs={editor.image.sliderMs}
        faithful={seed === null ? undefined : faithfulSummary(editor.faithful, pack?.directions ?? [], editor.image.facts?.locks)}
        decoder={seed === null ? undefined : editor.image.facts?.decoder}
      />
    </div>
  );
}
