/**
 * Tables that fit their panel. A table whose columns cannot all fit the panel's width (headers
 * wrapped, values on one line) is shown `stacked`: each row a card, each cell a line named by its
 * column, so nothing scrolls sideways however narrow the panel is.
 */
import { withBreakOpportunities } from './wordBreaks';

/** Names each body cell after its column (`data-label`), which the stacked layout shows before it. */
export function labelCells(table: HTMLTableElement): void {
  const head = table.tHead?.rows[0];
  if (!head) return;
  const names: string[] = [];
  for (const th of Array.from(head.cells)) {
    // A column whose values speak for themselves (the row's buttons) has `data-label=""`.
    // Drawn by CSS from the attribute, a name can only wrap where the string lets it.
    const name = withBreakOpportunities(th.dataset.label ?? (th.textContent ?? '').trim());
    for (let i = 0; i < th.colSpan; i++) names.push(name);
  }
  for (const body of Array.from(table.tBodies)) {
    for (const row of Array.from(body.rows)) {
      let column = 0;
      for (const cell of Array.from(row.cells)) {
        // A cell across the table (details under a row, an empty state) is a line of its own.
        if (cell.colSpan === 1) cell.dataset.label = names[column] ?? '';
        column += cell.colSpan;
      }
    }
  }
}

/**
 * Keeps the table in `wrap` (a `.table-wrap`) fitted: checked again when the panel's width changes
 * and when rows or columns change.
 */
export function fitTable(wrap: HTMLElement): void {
  const table = wrap.querySelector('table');
  if (!table) return;
  const fit = () => {
    labelCells(table);
    wrap.classList.remove('stacked');
    // A hidden table measures 0 and stays a table until it is shown (the observer sees it then).
    const tooWide = table.getBoundingClientRect().width > wrap.clientWidth + 1;
    wrap.classList.toggle('stacked', tooWide);
  };
  let width = -1;
  // Fitted in the next frame: changing the layout from within the observer's own callback would
  // make the browser report a resize loop.
  new ResizeObserver(() =>
    requestAnimationFrame(() => {
      if (wrap.clientWidth === width) return;
      width = wrap.clientWidth;
      fit();
    }),
  ).observe(wrap);
  new MutationObserver(fit).observe(table, { childList: true, subtree: true, characterData: true });
  fit();
}
