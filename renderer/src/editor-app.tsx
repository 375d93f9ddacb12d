/**
 * The editor window: toolbar; the photo with its crop box next to the edited image; what the
 * embed produced; the sliders; the status bar. Works the same over IPC (desktop) and HTTP
 * (`reseed serve`); only opening a file differs (native dialog vs the browser's file input).
 */
import { useCallback, useRef, useState } from 'react';
import type { ReseedApi } from '../../electron/shared/contract';
import type { Transport } from './api';
import { EmbedPanel } from './components/embed-panel';
import { NoticeBanner } from './components/notice-banner';
import { PhotoCanvas } from './components/photo-canvas';
import { ResultView } from './components/result-view';
import { SliderPanel } from './components/slider-panel';
import { StatusBar } from './components/status-bar';
import { Toolbar } from './components/toolbar';
import { EXPORT_SCALE, useEditor } from './hooks/use-editor';
import { useFileIntake } from './hooks/use-file-intake';
import { useShortcuts } from './hooks/use-shortcuts';

export function EditorApp({ api, transport }: { api: ReseedApi; transport: Transport }) {
  const editor = useEditor(api, transport === 'ipc');
  const fileInput = useRef<HTMLInputElement>(null);
  const [comparing, setComparing] = useState(false);
  const { chooseNative, openFile, report } = editor;

  const open = useCallback(async () => {
    if (!(await chooseNative())) fileInput.current?.click();
  }, [chooseNative]);

  const dragging = useFileIntake(
    (file) => void openFile(file),
    (message) => report({ code: 'input-error', message }),
  );

  const seed = editor.doc.seed;
  const canEmbed = editor.pack !== null && editor.photo !== null && editor.crop !== null;
  useShortcuts({
    open: () => void open(),
    embed: () => canEmbed && void editor.embed(),
    export: () => void editor.exportPng(1),
    'export-upscaled': () => void editor.exportPng(EXPORT_SCALE),
    undo: editor.undo,
    redo: editor.redo,
    compare: setComparing,
  });

  const pack = editor.pack;
  return (
    <div className={`editor${dragging ? ' dragging' : ''}`}>
      <header className="title">
        <h1>Reseed</h1>
        <span className="muted">Find the seed behind a picture, move it, regrow the picture.</span>
      </header>
      <Toolbar
        pack={pack}
        fileInput={fileInput}
        onOpen={() => void open()}
        onFile={(file) => void openFile(file)}
        recent={editor.recent}
        onRecent={(key) => void editor.openRecent(key)}
        opening={editor.opening}
        method={editor.method}
        onMethod={editor.setMethod}
        canEmbed={canEmbed}
        onEmbed={() => void editor.embed()}
        embedding={editor.embedding}
        onCancelEmbed={editor.cancelEmbed}
        onGenerate={(n) => void editor.generate(n)}
        generating={editor.generating}
        canUndo={editor.canUndo}
        canRedo={editor.canRedo}
        onUndo={editor.undo}
        onRedo={editor.redo}
        canExport={seed !== null}
        exportScale={EXPORT_SCALE}
        onExport={(scale) => void editor.exportPng(scale)}
      />
      {editor.packError ? <NoticeBanner error={editor.packError} action={{ label: 'Retry', run: () => void editor.retryPack() }} /> : null}
      {editor.notice ? <NoticeBanner key={editor.notice.id} error={editor.notice.error} onDismiss={editor.dismiss} /> : null}
      <main className="workspace">
        <section className="photo-pane" aria-label="Photo">
          <h2>Photo {editor.photo ? <span className="muted">{editor.photo.name} · {editor.photo.width}×{editor.photo.height}</span> : null}</h2>
          <PhotoCanvas photo={editor.photo} crop={editor.crop} onCrop={editor.setCrop} />
          <p className="muted crop-facts">
            {editor.crop
              ? `Crop ${editor.crop.width}×${editor.crop.height} at ${editor.crop.left}, ${editor.crop.top}`
              : 'Open a picture (Ctrl+O), or drop or paste one here.'}
            {editor.photo && editor.crop ? (
              <button type="button" className="link" onClick={() => editor.setCrop(editor.photo!.defaultCrop)} aria-label="Reset the crop box">
                Reset crop
              </button>
            ) : null}
          </p>
        </section>
        <section className="result-pane" aria-label="Result">
          <h2>Result {seed ? <span className="muted">{seed.label}</span> : null}</h2>
          <ResultView
            width={pack?.image.width ?? 28}
            height={pack?.image.height ?? 28}
            after={editor.image.shown}
            before={seed?.beforeImage ?? null}
            comparing={comparing}
            busy={editor.image.decoding}
            onDrawn={editor.image.onDrawn}
          />
        </section>
        <aside className="side-pane">
          <SliderPanel
            directions={pack?.directions ?? []}
            sliders={editor.doc.sliders}
            disabled={seed === null}
            onSlide={editor.slide}
            onCommit={editor.commitSliders}
            onReset={editor.resetOne}
            onResetAll={editor.resetEvery}
          />
        </aside>
        <EmbedPanel seed={seed} />
      </main>
      <StatusBar pack={pack} transport={transport} embedMs={editor.embedMs} decodeMs={editor.image.decodeMs} sliderMs={editor.image.sliderMs} />
    </div>
  );
}
