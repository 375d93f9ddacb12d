/** What an embed produced, side by side: the crop as the model sees it, the seed, the reconstruction, and how close it is. */
import type { SeedSource } from '../state/editor-doc';

function Tile({ src, label, alt }: { src: string; label: string; alt: string }) {
  return (
    <figure className="tile">
      <img src={src} alt={alt} className="pixelated" />
      <figcaption>{label}</figcaption>
    </figure>
  );
}

const METHOD_LABELS: Record<string, string> = {
  network: 'embedding network (one pass)',
  refine: 'network + refinement',
  inversion: 'DDIM inversion',
};

export function EmbedPanel({ seed }: { seed: SeedSource | null }) {
  if (seed === null) {
    return (
      <section className="embed-panel empty" aria-label="Embedding">
        <p>Open a picture, place the crop box and press <strong>Embed</strong> — or generate an image from a seed number.</p>
      </section>
    );
  }
  const e = seed.embed;
  return (
    <section className="embed-panel" aria-label="Embedding">
      <div className="tiles">
        {e ? <Tile src={e.input} label="Crop (model input)" alt="The crop as the model sees it" /> : null}
        <Tile src={seed.seedImage} label="Seed" alt="The seed, drawn as an image" />
        <Tile src={seed.baseImage} label={e ? 'Reconstruction' : `Generated (${seed.label})`} alt={e ? 'The reconstruction from the seed' : 'The image of the seed'} />
      </div>
      {e ? (
        <dl className="metrics" aria-label="Reconstruction quality">
          <dt>MSE</dt>
          <dd data-testid="mse">{e.mse.toFixed(4)}</dd>
          <dt>PSNR</dt>
          <dd data-testid="psnr">{e.psnr.toFixed(1)} dB</dd>
          <dt>Method</dt>
          <dd data-testid="method">
            {METHOD_LABELS[e.method] ?? e.method}
            {e.method === 'refine' && e.accepted !== null ? ` (${e.accepted} step${e.accepted === 1 ? '' : 's'} kept)` : ''}
          </dd>
          <dt>Time</dt>
          <dd>{Math.round(e.timings.totalMs)} ms, {e.steps} steps</dd>
          {e.polarity ? (
            <>
              <dt>Polarity</dt>
              <dd data-testid="polarity-note" title="Whether the photo was negated on its way into the model, and why (Polarity in the toolbar chooses)">
                {e.polarity.note}
              </dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p className="metrics">Seed {seed.generated?.seedNumber} · {seed.steps} steps · {Math.round(seed.generated?.decodeMs ?? 0)} ms</p>
      )}
    </section>
  );
}
