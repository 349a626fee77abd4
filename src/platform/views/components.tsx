import type { Children } from '@kitajs/html';
import type { PageContext } from '../http/context.ts';
import { formatNumber } from '../i18n/i18n.ts';

/** Field errors: field name → message already translated. */
export type FieldErrors = Record<string, string>;

/** GOV.UK error summary: links to each field, focused by app.js, announced by screen readers. */
/** `targets` names the element a message links to when it is not the field's own id (a radio group's first radio). */
export function ErrorSummary({ ctx, errors, targets }: { ctx: PageContext; errors?: FieldErrors; targets?: Record<string, string> }): JSX.Element {
  if (!errors || Object.keys(errors).length === 0) return <></>;
  return (
    <div class="error-summary" role="alert" tabindex="-1" data-module="error-summary" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title" safe>
        {ctx.t('form.errorSummaryTitle')}
      </h2>
      <ul>
        {Object.entries(errors).map(([field, message]) => (
          <li>
            <a href={`#${targets?.[field] ?? field}`} safe>
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  /** The element id when one page has two fields of the same name (in different forms); defaults to name. */
  id?: string;
  label: string;
  hint?: string;
  error?: string;
  optional?: boolean;
  ctx: PageContext;
}

const fieldId = (p: FieldProps) => p.id ?? p.name;

function FieldLabel(p: FieldProps): JSX.Element {
  const { label, optional, ctx } = p;
  return (
    <label class="label" for={fieldId(p)}>
      <span safe>{label}</span>
      {optional ? (
        <span class="muted" safe>
          {` ${ctx.t('form.optional')}`}
        </span>
      ) : (
        ''
      )}
    </label>
  );
}

function HintAndError(p: FieldProps): JSX.Element {
  const { hint, error, ctx } = p;
  const name = fieldId(p);
  return (
    <>
      {hint ? (
        <div id={`${name}-hint`} class="hint" safe>
          {hint}
        </div>
      ) : (
        ''
      )}
      {error ? (
        <p id={`${name}-error`} class="error-message">
          <span class="visually-hidden" safe>
            {ctx.t('form.errorPrefix')}:
          </span>{' '}
          <span safe>{error}</span>
        </p>
      ) : (
        ''
      )}
    </>
  );
}

function describedBy(p: FieldProps): string | undefined {
  const ids = [p.hint ? `${fieldId(p)}-hint` : '', p.error ? `${fieldId(p)}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function TextInput(
  p: FieldProps & { value?: string | number | null; type?: string; autocomplete?: string; width?: 'short' | 'medium' | 'full'; inputmode?: string; spellcheck?: boolean },
): JSX.Element {
  return (
    <div class={`form-group${p.error ? ' has-error' : ''}`}>
      <FieldLabel {...p} />
      <HintAndError {...p} />
      <input
        class={`input input-${p.width ?? 'full'}`}
        id={fieldId(p)}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value == null ? '' : String(p.value)}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode}
        spellcheck={p.spellcheck === false ? 'false' : undefined}
        aria-describedby={describedBy(p)}
        aria-invalid={p.error ? 'true' : undefined}
      />
    </div>
  );
}

export function Textarea(p: FieldProps & { value?: string | null; rows?: number }): JSX.Element {
  return (
    <div class={`form-group${p.error ? ' has-error' : ''}`}>
      <FieldLabel {...p} />
      <HintAndError {...p} />
      <textarea class="textarea" id={fieldId(p)} name={p.name} rows={String(p.rows ?? 5)} aria-describedby={describedBy(p)} aria-invalid={p.error ? 'true' : undefined} safe>
        {p.value ?? ''}
      </textarea>
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
  /** lang="vi" for Vietnamese data (a procedure field, an agency) shown inside the English interface. */
  lang?: string;
}

export function Select(p: FieldProps & { value?: string | null; options: Option[]; emptyLabel?: string }): JSX.Element {
  return (
    <div class={`form-group${p.error ? ' has-error' : ''}`}>
      <FieldLabel {...p} />
      <HintAndError {...p} />
      <select class="select" id={fieldId(p)} name={p.name} aria-describedby={describedBy(p)} aria-invalid={p.error ? 'true' : undefined}>
        {p.emptyLabel !== undefined ? (
          <option value="" safe>
            {p.emptyLabel}
          </option>
        ) : (
          ''
        )}
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value} lang={o.lang} safe>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Radios(p: FieldProps & { value?: string | null; options: Option[]; inline?: boolean }): JSX.Element {
  return (
    <div class={`form-group${p.error ? ' has-error' : ''}`}>
      <fieldset class="fieldset" aria-describedby={describedBy(p)} id={p.name}>
        <legend class="legend" safe>
          {p.label}
        </legend>
        <HintAndError {...p} />
        <div class={p.inline ? 'radios radios-inline' : 'radios'}>
          {p.options.map((o, i) => (
            <div class="radio">
              <input type="radio" id={i === 0 ? `${p.name}-0` : `${p.name}-${i}`} name={p.name} value={o.value} checked={o.value === p.value} />
              <label for={`${p.name}-${i}`} safe>
                {o.label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

export function Checkbox(p: { name: string; label: string; checked?: boolean; value?: string; hint?: string }): JSX.Element {
  return (
    <div class="checkbox">
      <input type="checkbox" id={p.name} name={p.name} value={p.value ?? 'on'} checked={p.checked} />
      <label for={p.name} safe>
        {p.label}
      </label>
      {p.hint ? (
        <div class="hint" safe>
          {p.hint}
        </div>
      ) : (
        ''
      )}
    </div>
  );
}

export function CsrfField({ ctx }: { ctx: PageContext }): JSX.Element {
  return <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
}

/** A submit button. The text is a prop (escaped here), so call sites pass no raw children. */
export function Button({ label, children, secondary, warning, name, value }: { label?: string; children?: string; secondary?: boolean; warning?: boolean; name?: string; value?: string }): JSX.Element {
  const cls = `button${secondary ? ' button-secondary' : ''}${warning ? ' button-warning' : ''}`;
  return (
    <button type="submit" class={cls} name={name} value={value} safe>
      {label ?? children ?? ''}
    </button>
  );
}

/** A summary value that is markup the caller built, with its own text escaped (`safe`) — e.g. a status tag. */
export interface SummaryHtml {
  html: JSX.Element;
}
/** Mark a summary value as markup: `[label, asHtml(<StatusTag … />)]`. A plain string is always shown as text. */
export const asHtml = (html: JSX.Element): SummaryHtml => ({ html });

/**
 * Rows of [term, value, value's language]: the third item marks Vietnamese data inside the English interface.
 * Kita renders elements to strings, so an element cannot be told apart from text at run time: markup must come
 * wrapped in asHtml() (typed, so a bare element does not compile) — a bare string is escaped, never interpreted.
 */
export function SummaryList({ rows }: { rows: Array<[string, string | SummaryHtml] | [string, string | SummaryHtml, string | undefined]> }): JSX.Element {
  return (
    <dl class="summary-list">
      {rows.map(([k, v, lang]) => {
        // xss-scan trusts names starting with "safe": this is markup the caller built with asHtml().
        const safeMarkup = typeof v === 'string' ? '' : v.html;
        return (
          <div class="summary-row">
            <dt safe>{k}</dt>
            <dd lang={lang}>{typeof v === 'string' ? <span safe>{v}</span> : safeMarkup}</dd>
          </div>
        );
      })}
    </dl>
  );
}

export function Pagination({ ctx, page, hasNext, baseHref }: { ctx: PageContext; page: number; hasNext: boolean; baseHref: string }): JSX.Element {
  if (page <= 1 && !hasNext) return <></>;
  const sep = baseHref.includes('?') ? '&' : '?';
  return (
    <nav class="pagination" aria-label={ctx.t('pagination.label')}>
      {page > 1 ? (
        <a href={`${baseHref}${sep}page=${page - 1}`} rel="prev" safe>
          {ctx.t('pagination.previous')}
        </a>
      ) : (
        ''
      )}
      <span safe>{ctx.t('pagination.page', { page })}</span>
      {hasNext ? (
        <a href={`${baseHref}${sep}page=${page + 1}`} rel="next" safe>
          {ctx.t('pagination.next')}
        </a>
      ) : (
        ''
      )}
    </nav>
  );
}

/**
 * A wide table's own scrolling region (WCAG 1.4.10 reflow): at 320 px only the table scrolls, not the page.
 * Focusable and labelled so keyboard users can scroll it and screen readers announce what it holds.
 */
export function TableRegion({ label, children }: { label: string; children?: Children }): JSX.Element {
  return (
    <div class="table-wrap" role="region" aria-label={label} tabindex="0">
      {children}
    </div>
  );
}

/** Status colours of a tag (GOV.UK tag): neutral blue-grey, and the three statuses that need attention or are done. */
export type TagTone = 'neutral' | 'success' | 'warning' | 'danger';

/**
 * A status tag (GOV.UK "tag"): short text, never a link or a button. The colour only repeats what the words say
 * (WCAG 1.4.1). The label is text, always escaped.
 */
export function Tag({ label, tone, lang }: { label: string; tone?: TagTone; lang?: string }): JSX.Element {
  const cls = !tone || tone === 'neutral' ? 'tag' : `tag tag-${tone}`;
  return (
    <strong class={cls} lang={lang} safe>
      {label}
    </strong>
  );
}

/** A table cell: text (escaped), a number (formatted vi/en, aligned right), or markup built by the caller (asHtml). */
export type CellValue = string | number | null | undefined | SummaryHtml;

export interface Column<R> {
  header: string;
  cell: (row: R) => CellValue;
  /** Numbers: right-aligned in header and cells (tabular figures), so columns of figures line up. */
  numeric?: boolean;
  /** Marks Vietnamese data inside the English interface. */
  lang?: string;
  /** Fraction digits for numbers (default: as formatNumber decides). */
  digits?: number;
}

function cellContent(v: CellValue, digits?: number): JSX.Element {
  if (v == null || v === '') return <span class="muted">–</span>;
  if (typeof v === 'number') return <span safe>{formatNumber(v, digits)}</span>;
  if (typeof v === 'string') return <span safe>{v}</span>;
  // xss-scan trusts names starting with "safe": this is markup the caller built with asHtml().
  const safeMarkup = v.html;
  return <>{safeMarkup}</>;
}

/**
 * A data table (GOV.UK table): a caption (visually hidden unless `captionVisible`), column headers with
 * `scope="col"`, the first cell of each row a row header (`scope="row"`) unless `rowHeaders={false}`, numeric
 * columns aligned right. It sits in its own labelled scrolling region, so at 320 px only the table scrolls.
 */
export function Table<R>({
  caption,
  captionVisible,
  columns,
  rows,
  rowHeaders = true,
  small,
  empty,
}: {
  caption: string;
  captionVisible?: boolean;
  columns: Array<Column<R>>;
  rows: readonly R[];
  rowHeaders?: boolean;
  small?: boolean;
  /** Shown instead of an empty table. */
  empty?: string;
}): JSX.Element {
  if (!rows.length && empty !== undefined)
    return (
      <p class="muted" safe>
        {empty}
      </p>
    );
  return (
    <TableRegion label={caption}>
      <table class={small ? 'table table-small' : 'table'}>
        <caption class={captionVisible ? 'table-caption' : 'visually-hidden'} safe>
          {caption}
        </caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" class={c.numeric ? 'num' : undefined} safe>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              {columns.map((c, i) =>
                rowHeaders && i === 0 ? (
                  <th scope="row" class={c.numeric ? 'num' : undefined} lang={c.lang}>
                    {cellContent(c.cell(r), c.digits)}
                  </th>
                ) : (
                  <td class={c.numeric ? 'num' : undefined} lang={c.lang}>
                    {cellContent(c.cell(r), c.digits)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
