import { useTranslation } from 'react-i18next';
import type { LabelOf } from '../../ui/labels';
import { formatDate, formatDateTime } from '../../ui/format';
import { FORM_STAGES, type ArchivedForm } from './snapshot';
import './paper-form.css';
import './texts';

export interface PaperFormProps {
  form: ArchivedForm;
  archiveCode: string;
  archivedAt: string;
  archiverName: string | null;
  /** The industry as people read it, e.g. `制造业 / 新能源车整车制造 (C3612)`; the code while it loads. */
  industry: string;
  labelOf: LabelOf;
  /** A person's name from the directory, by id (the id itself when the directory does not hold them). */
  nameOf: (id: string | null | undefined) => string;
  timezone: string;
}

/**
 * The archived record as the paper form (销售过程标准记录表): its sections in the form's order and words,
 * tables ruled as on paper, the review block with signature and date lines. The same markup prints on A4
 * (paper-form.css).
 */
export function PaperForm({
  form,
  archiveCode,
  archivedAt,
  archiverName,
  industry,
  labelOf,
  nameOf,
  timezone,
}: PaperFormProps) {
  const { t } = useTranslation();
  const needNumber = new Map(form.needs.map((n, i) => [n.id, i + 1]));
  const empty = <span className="pf-empty">{t('archive.form.none')}</span>;
  const terminated = form.stage === 'LEAD_TERMINATED';
  return (
    <article className="paper-form" aria-labelledby="pf-title">
      <header className="pf-head">
        <h1 id="pf-title">{t('archive.form.title')}</h1>
        <dl className="pf-meta">
          <div>
            <dt>{t('archive.form.code')}</dt>
            <dd>{archiveCode}</dd>
          </div>
          <div>
            <dt>{t('archive.form.archivedAt')}</dt>
            <dd>{formatDateTime(archivedAt, timezone)}</dd>
          </div>
          <div>
            <dt>{t('archive.form.archivedBy')}</dt>
            <dd>{archiverName ?? ''}</dd>
          </div>
        </dl>
      </header>

      <section className="pf-section" aria-labelledby="pf-basics">
        <h2 id="pf-basics">
          <span className="pf-num">{t('archive.form.n1')}</span>
          {t('archive.form.basics')}
        </h2>
        <table className="pf-table pf-grid">
          <tbody>
            <tr>
              <th scope="row">{t('archive.form.name')}</th>
              <td>{form.basics.name}</td>
              <th scope="row">{t('archive.form.kind')}</th>
              <td>{labelOf('CustomerKind', form.basics.kind)}</td>
            </tr>
            <tr>
              <th scope="row">{t('archive.form.contacts')}</th>
              <td colSpan={3}>
                {form.contacts.length === 0
                  ? empty
                  : form.contacts.map((c, i) => (
                      <div key={i} className="pf-contact">
                        {c.name}
                        {c.role ? t('archive.form.role', { role: labelOf('ContactRole', c.role) }) : ''}
                        {c.title ? ` · ${c.title}` : ''}
                        {c.phone ? ` · ${c.phone}` : ''}
                        {c.email ? ` · ${c.email}` : ''}
                      </div>
                    ))}
              </td>
            </tr>
            <tr>
              <th scope="row">{t('archive.form.industry')}</th>
              <td colSpan={3}>{industry}</td>
            </tr>
            <tr>
              <th scope="row">{t('archive.form.firstContact')}</th>
              <td>{form.basics.firstContactDate ?? ''}</td>
              <th scope="row">{t('archive.form.source')}</th>
              <td>
                {labelOf('SourceChannel', form.basics.sourceChannel)}
                {form.basics.sourceDetail ? `（${form.basics.sourceDetail}）` : ''}
              </td>
            </tr>
            <tr>
              <th scope="row">{t('archive.form.owner')}</th>
              <td colSpan={3}>{nameOf(form.basics.ownerId)}</td>
            </tr>
          </tbody>
        </table>
      </section>

      <section className="pf-section" aria-labelledby="pf-interactions">
        <h2 id="pf-interactions">
          <span className="pf-num">{t('archive.form.n2')}</span>
          {t('archive.form.interactions')}
        </h2>
        <table className="pf-table">
          <colgroup>
            <col className="pf-col-time" />
            <col className="pf-col-method" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">{t('archive.form.occurredAt')}</th>
              <th scope="col">{t('archive.form.method')}</th>
              <th scope="col">{t('archive.form.summary')}</th>
            </tr>
          </thead>
          <tbody>
            {form.interactions.length === 0 ? (
              <tr>
                <td colSpan={3}>{empty}</td>
              </tr>
            ) : (
              form.interactions.map((i) => (
                <tr key={i.id}>
                  <td>{formatDateTime(i.occurredAt, timezone)}</td>
                  <td>{labelOf('InteractionMethod', i.method)}</td>
                  <td>
                    {i.isFirstContact && <span className="pf-mark">{t('archive.form.firstTime')}</span>}
                    {i.loggedLate && <span className="pf-mark">{t('archive.form.late')}</span>}
                    {i.summary}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </section>

      <section className="pf-section" aria-labelledby="pf-needs">
        <h2 id="pf-needs">
          <span className="pf-num">{t('archive.form.n3')}</span>
          {t('archive.form.needs')}
        </h2>
        <table className="pf-table">
          <colgroup>
            <col className="pf-col-no" />
            <col className="pf-col-kind" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">{t('archive.form.no')}</th>
              <th scope="col">{t('archive.form.needKind')}</th>
              <th scope="col">{t('archive.form.need')}</th>
            </tr>
          </thead>
          <tbody>
            {form.needs.length === 0 ? (
              <tr>
                <td colSpan={3}>{empty}</td>
              </tr>
            ) : (
              form.needs.map((n, i) => (
                <tr key={n.id} className={n.active ? undefined : 'pf-retired'}>
                  <td>{i + 1}</td>
                  <td>{labelOf('NeedKind', n.kind)}</td>
                  <td>
                    {n.description}
                    {!n.active && (
                      <span className="pf-note">
                        {t('archive.form.retired', { reason: n.retiredReason ?? '' })}
                      </span>
                    )}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </section>

      <section className="pf-section" aria-labelledby="pf-pains">
        <h2 id="pf-pains">
          <span className="pf-num">{t('archive.form.n4')}</span>
          {t('archive.form.painPoints')}
        </h2>
        <table className="pf-table">
          <colgroup>
            <col className="pf-col-no" />
            <col />
            <col className="pf-col-kind" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">{t('archive.form.no')}</th>
              <th scope="col">{t('archive.form.painPoint')}</th>
              <th scope="col">{t('archive.form.forNeeds')}</th>
            </tr>
          </thead>
          <tbody>
            {form.painPoints.length === 0 ? (
              <tr>
                <td colSpan={3}>{empty}</td>
              </tr>
            ) : (
              form.painPoints.map((p, i) => (
                <tr key={p.id} className={p.active ? undefined : 'pf-retired'}>
                  <td>{i + 1}</td>
                  <td>
                    {p.description}
                    {!p.active && (
                      <span className="pf-note">
                        {t('archive.form.retired', { reason: p.retiredReason ?? '' })}
                      </span>
                    )}
                  </td>
                  <td>
                    {p.needIds
                      .map((id) => needNumber.get(id))
                      .filter((n): n is number => n !== undefined)
                      .map((n) => t('archive.form.needRef', { n }))
                      .join('、')}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </section>

      <section className="pf-section" aria-labelledby="pf-stage">
        <h2 id="pf-stage">
          <span className="pf-num">{t('archive.form.n5')}</span>
          {t('archive.form.stage')}
        </h2>
        <table className="pf-table">
          <tbody>
            <tr>
              <td>
                <ul className="pf-boxes" aria-label={t('archive.form.stage')}>
                  {[...FORM_STAGES, ...(terminated ? ['LEAD_TERMINATED'] : [])].map((s) => {
                    const on = form.stage === s;
                    return (
                      <li key={s} className={on ? 'pf-on' : undefined}>
                        <span aria-hidden="true" className="pf-box">
                          {on ? '☑' : '☐'}
                        </span>
                        {labelOf('SalesStage', s)}
                        {on && <span className="pf-sr">{t('archive.form.current')}</span>}
                      </li>
                    );
                  })}
                </ul>
                {terminated && form.terminationReason && (
                  <div className="pf-note">
                    {t('archive.form.terminationReason', { reason: form.terminationReason })}
                  </div>
                )}
              </td>
            </tr>
          </tbody>
        </table>
      </section>

      <section className="pf-section" aria-labelledby="pf-actions">
        <h2 id="pf-actions">
          <span className="pf-num">{t('archive.form.n6')}</span>
          {t('archive.form.nextActions')}
        </h2>
        <table className="pf-table">
          <colgroup>
            <col />
            <col className="pf-col-owner" />
            <col className="pf-col-time" />
            <col className="pf-col-status" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">{t('archive.form.action')}</th>
              <th scope="col">{t('archive.form.actionOwner')}</th>
              <th scope="col">{t('archive.form.dueAt')}</th>
              <th scope="col">{t('archive.form.status')}</th>
            </tr>
          </thead>
          <tbody>
            {form.nextActions.length === 0 ? (
              <tr>
                <td colSpan={4}>{empty}</td>
              </tr>
            ) : (
              form.nextActions.map((a) => (
                <tr key={a.id}>
                  <td>{a.content}</td>
                  <td>{nameOf(a.ownerId)}</td>
                  <td>{formatDateTime(a.dueAt, timezone)}</td>
                  <td>{labelOf('NextActionStatus', a.status)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </section>

      <section className="pf-section" aria-labelledby="pf-remarks">
        <h2 id="pf-remarks">
          <span className="pf-num">{t('archive.form.n7')}</span>
          {t('archive.form.remarks')}
        </h2>
        <table className="pf-table">
          <tbody>
            <tr>
              <td className="pf-remarks">{form.basics.remarks?.trim() ? form.basics.remarks : empty}</td>
            </tr>
          </tbody>
        </table>
      </section>

      <section className="pf-section pf-review" aria-labelledby="pf-review">
        <h2 id="pf-review">
          <span className="pf-num">{t('archive.form.n8')}</span>
          {t('archive.form.review')}
        </h2>
        <table className="pf-table pf-grid">
          <tbody>
            <tr>
              <th scope="row">{t('archive.form.signature')}</th>
              <td>
                <span className="pf-line">
                  {form.signature.salespersonName ?? nameOf(form.signature.salespersonId)}
                </span>
              </td>
              <th scope="row">{t('archive.form.date')}</th>
              <td>
                <span className="pf-line">{formatDate(form.signature.submittedAt, timezone)}</span>
              </td>
            </tr>
            <tr>
              <th scope="row">{t('archive.form.opinion')}</th>
              <td colSpan={3} className="pf-opinion">
                {form.review.status && (
                  <span className="pf-mark">
                    {t(`archive.form.decision.${form.review.status}`, { defaultValue: form.review.status })}
                  </span>
                )}
                {form.review.comments}
              </td>
            </tr>
            <tr>
              <th scope="row">{t('archive.form.reviewer')}</th>
              <td>
                <span className="pf-line">{form.review.reviewerName ?? nameOf(form.review.reviewerId)}</span>
              </td>
              <th scope="row">{t('archive.form.date')}</th>
              <td>
                <span className="pf-line">{formatDate(form.review.decidedAt, timezone)}</span>
              </td>
            </tr>
          </tbody>
        </table>
      </section>
    </article>
  );
}
