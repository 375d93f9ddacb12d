/**
 * The report of a pack trained with `reseed train`, under its row in the Packs view: the quality
 * numbers, the sample grid from random seeds and the slider strips (each row one slider from its
 * min to its max), and where the full report lies.
 */
import type { PackReport } from '../../../electron/contract/workflow-schemas';

export function PackReportView({ name, report }: { name: string; report: PackReport }) {
  return (
    <section className="pack-report" aria-label={`Training report of ${name}`}>
      <dl>
        {report.quality.map((q) => (
          <div key={q.label}>
            <dt>{q.label}</dt>
            <dd>{q.value}</dd>
          </div>
        ))}
      </dl>
      <div className="pack-report-figures">
        {report.samples ? (
          <figure>
            <img src={report.samples} alt={`Samples from ${name}`} />
            <figcaption>Samples from random seeds</figcaption>
          </figure>
        ) : null}
        {report.strips ? (
          <figure>
            <img src={report.strips} alt={`Slider strips of ${name}`} />
            <figcaption>Each slider from its min to its max</figcaption>
          </figure>
        ) : null}
      </div>
      <p className="muted" title={report.file}>
        Full report: {report.file}
      </p>
    </section>
  );
}
